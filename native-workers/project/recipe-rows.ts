/**
 * The whole-table queries a cleansing pass (ingest/recipe/table-pass.ts) asks of a row table:
 * what kinds of values columns hold, and which rows repeat earlier ones. SQLite answers them
 * without every value passing through JS.
 */
import type { Cell } from '../../preload/contract/types';
import { addRowColumn } from './dataset-tables';
import type { Db } from './open';

/** How many cells of a column hold text. */
export function countTextCells(db: Db, table: string, column: number): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE typeof(c${column}) = 'text'`).get() as { n: number }).n;
}

/** What a column's stored values are: counts of text, numbers and fractional numbers, and the numbers' range. */
export interface ColumnFacts {
  readonly text: number;
  readonly nums: number;
  readonly fractional: number;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** The facts of some columns, in one scan of the table. */
export function columnFacts(db: Db, table: string, cols: readonly number[]): ColumnFacts[] {
  if (cols.length === 0) return [];
  const num = (c: number): string => `typeof(c${c}) IN ('real', 'integer')`;
  const parts = cols.flatMap((c) => [
    `sum(typeof(c${c}) = 'text')`,
    `sum(${num(c)})`,
    `sum(${num(c)} AND c${c} != CAST(c${c} AS INTEGER))`,
    `min(CASE WHEN ${num(c)} THEN c${c} END)`,
    `max(CASE WHEN ${num(c)} THEN c${c} END)`,
  ]);
  const r = db.prepare(`SELECT ${parts.join(', ')} FROM ${table}`).raw(true).get() as (number | null)[];
  return cols.map((_, k) => ({ text: r[k * 5] ?? 0, nums: r[k * 5 + 1] ?? 0, fractional: r[k * 5 + 2] ?? 0, lo: r[k * 5 + 3], hi: r[k * 5 + 4] }));
}

/** The rows found by findDuplicates, held in a temporary table until release(). */
export interface DuplicateRows {
  /** Their rowids, in order. */
  ids(): number[];
  /** One row's key values. */
  keyValues(rowid: number): Cell[];
  /** Deletes them from the table (leaving holes in rowid: compact it afterwards). */
  remove(): void;
  /** Adds flag column `position` (0 elsewhere) and sets it to 1 on them. */
  flag(position: number): void;
  /** Drops the temporary table; call it in a finally. */
  release(): void;
}

/**
 * Later rows with the same values in `keys` as an earlier one. SQLite's GROUP BY finds them
 * (NULLs equal, as pandas' duplicated() has it; 1 and '1' differ); only their rowids come back.
 */
export function findDuplicates(db: Db, table: string, keys: readonly number[]): DuplicateRows {
  const keyList = keys.map((c) => `c${c}`).join(', ');
  const release = (): void => void db.exec('DROP TABLE IF EXISTS temp.recipe_duplicates');
  release();
  db.exec(`CREATE TEMP TABLE recipe_duplicates AS SELECT rowid AS id FROM ${table} WHERE rowid NOT IN (SELECT min(rowid) FROM ${table} GROUP BY ${keyList}) ORDER BY rowid`);
  const sample = db.prepare(`SELECT ${keyList} FROM ${table} WHERE rowid = ?`).raw(true);
  return {
    ids: () => (db.prepare('SELECT id FROM temp.recipe_duplicates').raw(true).all() as number[][]).map((r) => r[0]),
    keyValues: (rowid) => sample.get(rowid) as Cell[],
    remove: () => void db.exec(`DELETE FROM ${table} WHERE rowid IN (SELECT id FROM temp.recipe_duplicates)`),
    flag: (position) => {
      addRowColumn(db, table, position, true);
      db.exec(`UPDATE ${table} SET c${position} = 1 WHERE rowid IN (SELECT id FROM temp.recipe_duplicates)`);
    },
    release,
  };
}
