import type { Cell, ColumnType } from '../../preload/contract/types';
import { compactRowTable } from './dataset-tables';
import { datasetStorage } from './columns/chunk-store';
import type { StoredDataset } from './columns/dataset-rows';
import { keepChunkColumns, mapColumnChunks } from './columns/rewrite';
import { forgetColumns, insertColumns } from './datasets';
import type { Db } from './open';

/** One column rewritten in place: each value goes through `rewrite` (pseudonymise, mask). */
export interface ColumnRewrite {
  readonly position: number;
  readonly rewrite: (value: Cell) => Cell;
}

/**
 * Makes SQLite overwrite deleted content with zeros on this connection: values a privacy action
 * rewrites or drops must not survive in freed pages of the file.
 */
export function secureDelete(db: Db): void {
  db.pragma('secure_delete = ON');
}

/**
 * Rewrites columns of a dataset in place and returns how many non-null values it rewrote: a row
 * table with one UPDATE (each rewrite a deterministic SQL function, so the table is read once), a
 * columnar dataset those columns' chunks only. Inside a write transaction.
 */
export function rewriteColumns(db: Db, ds: StoredDataset, rewrites: readonly ColumnRewrite[]): number {
  if (rewrites.length === 0) return 0;
  let changed = 0;
  if (datasetStorage(db, ds.id) === 'columns') {
    for (const r of rewrites) changed += mapColumnChunks(db, ds.id, r.position, r.rewrite);
    return changed;
  }
  const table = ds.table;
  for (const r of rewrites) changed += (db.prepare(`SELECT count(c${r.position}) AS n FROM ${table}`).get() as { n: number }).n;
  rewrites.forEach((r, k) => db.function(`assay_rewrite_${k}`, { deterministic: true }, (v: unknown) => r.rewrite(v as Cell)));
  db.prepare(`UPDATE ${table} SET ${rewrites.map((r, k) => `c${r.position} = assay_rewrite_${k}(c${r.position})`).join(', ')}`).run();
  return changed;
}

/**
 * Drops columns of a dataset: its table is rebuilt with the columns at `keep` (dense rowids; a
 * columnar dataset's other chunks are deleted) and its column list rewritten to match (names and
 * types; a date format is not carried over). Inside a write transaction.
 */
export function dropColumns(db: Db, ds: StoredDataset, keep: readonly { readonly position: number; readonly name: string; readonly type: ColumnType }[]): void {
  const datasetId = ds.id;
  if (datasetStorage(db, datasetId) === 'columns') keepChunkColumns(db, datasetId, keep.map((c) => c.position));
  else compactRowTable(db, ds.table, keep.map((c) => c.position));
  forgetColumns(db, datasetId);
  insertColumns(db, datasetId, keep.map((c) => ({ name: c.name, type: c.type })));
}

/**
 * Rebuilds the file (VACUUM), always: earlier deletes that secure_delete never saw may have left raw
 * values behind, and not only in free pages. Column chunks share one table, so a discarded import,
 * a rewritten partial chunk or a conversion leaves its old bytes in the unused space of pages still
 * in use, which the freelist does not count. `before` runs first (VACUUM takes a while).
 */
export function clearStaleBytes(db: Db, before: () => void): void {
  before();
  db.exec('VACUUM');
}
