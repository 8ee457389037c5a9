/**
 * The row tables that hold datasets' rows (`c0…cN ANY`, STRICT, rows in rowid order): creating,
 * widening, indexing, rebuilding, renaming and dropping them. Their names come from datasetTable(id) (or a scratch
 * table's name); columns are named by position, so no user text ever reaches the SQL.
 */
import { AssayError } from '../../preload/contract/errors';
import { openDatabase, type Db } from './open';

/** SQLite's default SQLITE_MAX_COLUMN, which the bundled builds keep: a wider table cannot be created. */
export const maxRowColumns = 2000;

function columnList(width: number): string {
  return Array.from({ length: width }, (_, i) => `c${i} ANY`).join(', ');
}

/**
 * Refuses a dataset wider than a row table can be, whatever its storage: a columnar dataset must
 * stay convertible to a row table (the cleansing recipe's working copy, ASSAY_DATASET_STORAGE=rows).
 * Refused before anything is stored, so the user reads the count and the limit rather than SQLite's "too many columns".
 */
export function checkDatasetWidth(width: number): void {
  if (width > maxRowColumns) {
    throw new AssayError(
      'BAD_INPUT',
      `The data has ${width.toLocaleString('en-US')} columns; a dataset holds at most ${maxRowColumns.toLocaleString('en-US')}. Nothing was imported. ` +
        'Drop the columns you do not need (schema overrides, or select fewer columns at the source), or split the data into several datasets.',
    );
  }
}

/** Creates an empty row table of `width` columns. */
export function createRowTable(db: Db, table: string, width: number): void {
  checkDatasetWidth(width);
  db.exec(`CREATE TABLE ${table} (${columnList(width)}) STRICT`);
}

/**
 * Adds column `position` to a row table. With `defaultZero`, existing rows read as 0 without being
 * rewritten (a flag column: only the flagged rows are then updated); otherwise they read as NULL.
 */
export function addRowColumn(db: Db, table: string, position: number, defaultZero = false): void {
  db.exec(`ALTER TABLE ${table} ADD COLUMN c${position} ANY${defaultZero ? ' DEFAULT 0' : ''}`);
}

/** An index on a row table's key column, for merging a refresh by key. */
export function ensureKeyIndex(db: Db, table: string, column: number): void {
  db.exec(`CREATE INDEX IF NOT EXISTS ${table}_key ON ${table} (c${column})`);
}

/**
 * Rebuilds a row table dense under the same name, rows in rowid order: the grid pages by rowid,
 * so holes left by deleted rows must go, and a new table (not DELETE or DROP COLUMN) is how rows
 * or columns leave without them. `columns` is the width (every column kept) or the positions to
 * keep, in their new order (renumbered c0…); rows whose rowid is in `withoutRowids` are left out.
 * Run it inside a write transaction.
 */
export function compactRowTable(db: Db, table: string, columns: number | readonly number[], withoutRowids?: Iterable<number>): void {
  const sources = typeof columns === 'number' ? Array.from({ length: columns }, (_, i) => i) : columns;
  const next = `${table}_compact`;
  let where = '';
  if (withoutRowids) {
    db.exec('CREATE TEMP TABLE removed_rows (id INTEGER PRIMARY KEY)');
    const mark = db.prepare('INSERT INTO temp.removed_rows (id) VALUES (?)');
    for (const id of withoutRowids) mark.run(id);
    where = 'WHERE rowid NOT IN (SELECT id FROM temp.removed_rows)';
  }
  dropRowTable(db, next);
  createRowTable(db, next, sources.length);
  db.exec(`INSERT INTO ${next} (${sources.map((_, j) => `c${j}`).join(', ')}) SELECT ${sources.map((i) => `c${i}`).join(', ')} FROM ${table} ${where} ORDER BY rowid`);
  db.exec(`DROP TABLE ${table}`);
  renameRowTable(db, next, table);
  if (withoutRowids) db.exec('DROP TABLE temp.removed_rows');
}

/** Renames a row table (a pull's rows set aside for a resume, a rebuilt table swapped in). */
export function renameRowTable(db: Db, from: string, to: string): void {
  db.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
}

/** Drops a row table if it is there. */
export function dropRowTable(db: Db, table: string): void {
  db.exec(`DROP TABLE IF EXISTS ${table}`);
}

/** The one table of a scratch database (see openScratchTable). */
export const scratchTable = 't';

/** A private in-memory database holding one empty row table (`scratchTable`): previews work on a copy there. */
export function openScratchTable(width: number): Db {
  const db = openDatabase(':memory:');
  createRowTable(db, scratchTable, width);
  return db;
}
