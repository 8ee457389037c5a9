/**
 * The dataset a recordings export writes by hand (no DatasetWriter: its
 * columns are known and its values already typed): its table, its rows in
 * chunks, and the last transaction that makes it visible.
 */
import type { Cell, ColumnType } from '../../preload/contract/types';
import { createRowTable } from './dataset-tables';
import { datasetTable, markReady, upsertColumns } from './datasets';
import { addLineage } from './lineage';
import type { Db } from './open';
import { rowInserter } from './rows';

/** Creates the (still importing) dataset's table, one ANY column per column, and records the columns. */
export function createExportTable(db: Db, datasetId: number, columns: readonly { readonly name: string; readonly type: ColumnType }[]): void {
  db.transaction(() => {
    createRowTable(db, datasetTable(datasetId), columns.length);
    upsertColumns(db, datasetId, columns);
  }).immediate();
}

/** Prepared once: a function that appends a chunk of rows (all columns, in order) in one write transaction. */
export function exportRowInserter(db: Db, datasetId: number, width: number): (rows: readonly (readonly Cell[])[]) => void {
  const insert = rowInserter(db, datasetTable(datasetId), null, width);
  return (rows) => {
    db.transaction(() => {
      for (const row of rows) insert.one(row);
    }).immediate();
  };
}

/** Makes the exported dataset visible with its row count (it quarantines nothing) and records its lineage, atomically. */
export function finishExport(db: Db, datasetId: number, rowCount: number, lineage: unknown): void {
  db.transaction(() => {
    markReady(db, datasetId, rowCount, 0);
    addLineage(db, datasetId, 'recording-export', lineage);
  }).immediate();
}
