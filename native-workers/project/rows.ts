/**
 * Reading and writing the rows of row tables (see dataset-tables.ts): bulk inserts, paging by
 * rowid, samples and single columns, counts, single-cell updates, and moving a staging table's
 * rows into its target. Statements are prepared once per call that returns a closure or a
 * generator, never per row or per batch.
 */
import type { Cell } from '../../preload/contract/types';
import type { Db } from './open';

/** A value SQLite binds. */
export type Bindable = string | number | bigint | Buffer | null;

/** Prepared INSERTs of whole rows into one table: one row, or `rowsPerStatement` rows at once. */
export interface RowInserter {
  readonly rowsPerStatement: number;
  /** Inserts one row (`width` values). */
  one(values: readonly Bindable[]): void;
  /** Inserts `rowsPerStatement` rows, their values one after another. */
  many(values: readonly Bindable[]): void;
}

/**
 * Multi-row INSERT statements (up to 200 rows, ~4,000 values each) into `table`, naming
 * `columns` or, with null, all of them: crossing into SQLite once per row dominates the cost of
 * narrow rows.
 */
export function rowInserter(db: Db, table: string, columns: readonly string[] | null, width: number): RowInserter {
  const rowsPerStatement = Math.max(1, Math.min(200, Math.floor(4000 / width)));
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const head = `INSERT INTO ${table}${columns ? ` (${columns.join(', ')})` : ''} VALUES `;
  const one = db.prepare(head + tuple);
  const many = db.prepare(head + new Array<string>(rowsPerStatement).fill(tuple).join(', '));
  return { rowsPerStatement, one: (values) => one.run(values), many: (values) => many.run(values) };
}

/** The rows a page holds, or all of them: a kind of cell in one column. */
export type RowFilter =
  | { readonly kind: 'null'; readonly column: number }
  | { readonly kind: 'number'; readonly column: number }
  /** Numbers below `lo` or above `hi`. */
  | { readonly kind: 'number-outside'; readonly column: number; readonly lo: number; readonly hi: number };

function isNumber(c: number): string {
  return `typeof(c${c}) IN ('integer', 'real')`;
}

function filterSql(f: RowFilter): { sql: string; params: number[] } {
  if (f.kind === 'null') return { sql: `c${f.column} IS NULL`, params: [] };
  if (f.kind === 'number') return { sql: isNumber(f.column), params: [] };
  return { sql: `${isNumber(f.column)} AND (c${f.column} < ? OR c${f.column} > ?)`, params: [f.lo, f.hi] };
}

/** A row table's row with its rowid first. */
export type RowidRow = [number, ...Cell[]];

/** Which columns and rows rowPages reads. */
export interface PageOptions {
  /** Column positions to read after the rowid; all columns when left out. */
  readonly columns?: readonly number[];
  /** Only rows the filter holds for: SQLite rules the others out before they ever reach JS. */
  readonly filter?: RowFilter;
}

/**
 * A table's rows in rowid order, `pageRows` at a time: [rowid, ...values]. Each page starts after
 * the last rowid seen (a range scan, unlike OFFSET) and is read whole (no cursor stays open), so
 * the same connection may write between pages; the statement is prepared once.
 */
export function* rowPages(db: Db, table: string, pageRows: number, opts: PageOptions = {}): Generator<RowidRow[]> {
  const list = opts.columns === undefined ? '*' : opts.columns.length ? opts.columns.map((c) => `c${c}`).join(', ') : 'NULL';
  const where = opts.filter ? filterSql(opts.filter) : null;
  const page = db.prepare(`SELECT rowid, ${list} FROM ${table} WHERE rowid > ?${where ? ` AND (${where.sql})` : ''} ORDER BY rowid LIMIT ?`).raw(true);
  const params = where?.params ?? [];
  let last = 0;
  for (;;) {
    const rows = page.all(last, ...params, pageRows) as RowidRow[];
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1][0];
    if (rows.length < pageRows) return;
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

/** Per column (c0 … c<count-1>), the storage classes its cells hold: 'integer', 'real', 'text', 'null', 'blob'. */
export function storedCellTypes(db: Db, table: string, count: number): string[][] {
  return Array.from({ length: count }, (_, i) => (db.prepare(`SELECT DISTINCT typeof(c${i}) AS t FROM ${table}`).all() as { t: string }[]).map((r) => r.t));
}

/** How many rows a table holds. */
export function countRows(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Sets one column of a row by rowid (prepared once; call it per changed cell). */
export function cellUpdater(db: Db, table: string, column: number): (value: Cell, rowid: number) => void {
  const update = db.prepare<[Cell, number]>(`UPDATE ${table} SET c${column} = ? WHERE rowid = ?`);
  return (value, rowid) => void update.run(value, rowid);
}

/**
 * Appends every row of `source` to `target` in rowid order: target column i takes source column
 * `feeds[i]`, or NULL where that is -1; with null, every column the one at its own position (same
 * width). Returns how many rows were appended.
 */
export function appendRowsFrom(db: Db, target: string, source: string, feeds: readonly number[] | null): number {
  if (feeds === null) return db.prepare(`INSERT INTO ${target} SELECT * FROM ${source} ORDER BY rowid`).run().changes;
  const cols = feeds.map((_, i) => `c${i}`).join(', ');
  const select = feeds.map((f) => (f >= 0 ? `c${f}` : 'NULL')).join(', ');
  return db.prepare(`INSERT INTO ${target} (${cols}) SELECT ${select} FROM ${source} ORDER BY rowid`).run().changes;
}

/**
 * Folds `source` into `target` (same `width` columns) by key column `key`: a target row whose key
 * is in the source takes the source's last row of that key, in place (rowids stay dense); source
 * rows with a new key (the last of each) or no key are appended in rowid order.
 */
export function mergeRowsByKey(db: Db, target: string, source: string, width: number, key: number): { updated: number; inserted: number } {
  const t = target;
  const s = source;
  const cols = Array.from({ length: width }, (_, i) => `c${i}`);
  const kc = `c${key}`;
  const updated = db
    .prepare(
      `UPDATE ${t} SET (${cols.join(', ')}) = (SELECT ${cols.map((c) => `x.${c}`).join(', ')} FROM ${s} x WHERE x.${kc} = ${t}.${kc} ORDER BY x.rowid DESC LIMIT 1)
        WHERE ${kc} IN (SELECT ${kc} FROM ${s} WHERE ${kc} IS NOT NULL)`,
    )
    .run().changes;
  const inserted = db
    .prepare(
      `INSERT INTO ${t} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${s} x
        WHERE x.${kc} IS NULL
           OR (NOT EXISTS (SELECT 1 FROM ${t} y WHERE y.${kc} = x.${kc}) AND x.rowid = (SELECT max(z.rowid) FROM ${s} z WHERE z.${kc} = x.${kc}))
        ORDER BY x.rowid`,
    )
    .run().changes;
  return { updated, inserted };
}

/** Stores a column's numbers as text, as an import would have stored them had the column been text from the start. */
export function castColumnToText(db: Db, table: string, column: number): void {
  db.exec(`UPDATE ${table} SET c${column} = CAST(c${column} AS TEXT) WHERE ${isNumber(column)}`);
}
