/**
 * The row tables that hold datasets' rows (`c0…cN ANY`, STRICT, rows in rowid order): creating,
 * widening, rebuilding and dropping them. Their names come from datasetTable(id) (or a scratch
 * table's name); columns are named by position, so no user text ever reaches the SQL.
 */
import { openDatabase, type Db } from './open';

function columnList(width: number): string {
  return Array.from({ length: width }, (_, i) => `c${i} ANY`).join(', ');
}

/** Creates an empty row table of `width` columns. */
export function createRowTable(db: Db, table: string, width: number): void {
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

/** Deleted rows leave holes in rowid; the grid pages by rowid, so the table is rebuilt dense (same name, same order). */
export function compactRowTable(db: Db, table: string, width: number): void {
  const cols = Array.from({ length: width }, (_, i) => `c${i}`).join(', ');
  createRowTable(db, `${table}_compact`, width);
  db.exec(`INSERT INTO ${table}_compact (${cols}) SELECT ${cols} FROM ${table} ORDER BY rowid`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${table}_compact RENAME TO ${table}`);
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
