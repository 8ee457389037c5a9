import type { Cell } from '../../preload/contract/types';
import type { Db } from './open';

/** A dataset table's row with its rowid first. */
export type RowidRow = [number, ...Cell[]];

/**
 * Pages through a dataset table in rowid order, the statement prepared once. Each page starts
 * after the last rowid seen (a range scan, unlike OFFSET), so deep pages cost what the first
 * does; the caller yields between pages so a cancel can arrive.
 */
export function* rowPages(db: Db, table: string, pageSize: number): Generator<RowidRow[], void, undefined> {
  const select = db.prepare(`SELECT rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true);
  let last = 0;
  for (;;) {
    const page = select.all(last, pageSize) as RowidRow[];
    if (page.length === 0) return;
    yield page;
    last = page[page.length - 1][0];
  }
}

/** A table's first rows in rowid order: a sample for suggestions. */
export function firstRows(db: Db, table: string, limit: number): Cell[][] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid LIMIT ?`).raw(true).all(limit) as Cell[][];
}

/** Every `step`-th row (all rows when step is 1), up to `limit`: a sample spread over the table, so a sorted file does not fool it. */
export function spreadRows(db: Db, table: string, step: number, limit: number): Cell[][] {
  return db.prepare(`SELECT * FROM ${table} WHERE rowid % ? = 0 OR ? = 1 LIMIT ?`).raw(true).all(step, step, limit) as Cell[][];
}

/** One column's values, streamed (a look-up set of a whole column must not need the table in memory twice). */
export function* columnValues(db: Db, table: string, position: number): Generator<Cell, void, undefined> {
  for (const [v] of db.prepare(`SELECT c${position} FROM ${table}`).raw(true).iterate() as IterableIterator<[Cell]>) yield v;
}

/** Appends rows to a dataset table, the insert prepared once: `(row) => void`, one value per column. */
export function rowAppender(db: Db, table: string, width: number): (row: readonly Cell[]) => void {
  const insert = db.prepare(`INSERT INTO ${table} VALUES (${Array.from({ length: width }, () => '?').join(', ')})`);
  return (row) => {
    insert.run(row);
  };
}

/**
 * Rewrites a dataset table as a new one holding the columns at `sources` (renumbered c0…) and
 * only the rows `where` keeps, then swaps it in. A new table rather than DELETE or DROP COLUMN:
 * rowids stay dense, which readRows' paging relies on. Run it inside a write transaction.
 */
function rebuildTable(db: Db, table: string, sources: readonly number[], where: string): void {
  const next = `${table}_v`;
  const cols = sources.map((_, j) => `c${j}`).join(', ');
  db.exec(`DROP TABLE IF EXISTS ${next}`);
  db.exec(`CREATE TABLE ${next} (${sources.map((_, j) => `c${j} ANY`).join(', ')}) STRICT`);
  db.exec(`INSERT INTO ${next} (${cols}) SELECT ${sources.map((i) => `c${i}`).join(', ')} FROM ${table} ${where} ORDER BY rowid`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${next} RENAME TO ${table}`);
}

/** Removes rows by rowid, keeping rowids dense (see rebuildTable); inside a write transaction. */
export function removeRows(db: Db, table: string, width: number, rowids: Iterable<number>): void {
  db.exec('CREATE TEMP TABLE removed_rows (id INTEGER PRIMARY KEY)');
  const mark = db.prepare('INSERT INTO temp.removed_rows (id) VALUES (?)');
  for (const id of rowids) mark.run(id);
  rebuildTable(
    db,
    table,
    Array.from({ length: width }, (_, i) => i),
    'WHERE rowid NOT IN (SELECT id FROM temp.removed_rows)',
  );
  db.exec('DROP TABLE temp.removed_rows');
}

/** Keeps only the columns at `positions` (in that order, renumbered from c0); inside a write transaction. */
export function keepColumns(db: Db, table: string, positions: readonly number[]): void {
  rebuildTable(db, table, positions, '');
}
