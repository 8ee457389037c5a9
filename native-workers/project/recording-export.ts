/**
 * The dataset a recordings export writes by hand (no DatasetWriter: its
 * columns are known and its values already typed): its table, its rows in
 * chunks, and the last transaction that makes it visible.
 */
import type { Cell, ColumnType } from '../../preload/contract/types';
import { datasetTable, upsertColumns } from './datasets';
import { addLineage } from './lineage';
import type { Db } from './open';

/** Creates the (still importing) dataset's table, one ANY column per column, and records the columns. */
export function createExportTable(db: Db, datasetId: number, columns: readonly { readonly name: string; readonly type: ColumnType }[]): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE ${datasetTable(datasetId)} (${columns.map((_, i) => `c${i} ANY`).join(', ')}) STRICT`);
    upsertColumns(db, datasetId, columns);
  }).immediate();
}

/** Prepared once: a function that appends a chunk of rows (all columns, in order) in one write transaction. */
export function exportRowInserter(db: Db, datasetId: number, width: number): (rows: readonly (readonly Cell[])[]) => void {
  const insert = db.prepare(`INSERT INTO ${datasetTable(datasetId)} VALUES (${new Array<string>(width).fill('?').join(', ')})`);
  return (rows) => {
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    }).immediate();
  };
}

/** Makes the exported dataset visible with its row count and records its lineage, atomically. */
export function finishExport(db: Db, datasetId: number, rowCount: number, lineage: unknown): void {
  db.transaction(() => {
    db.prepare("UPDATE datasets SET status = 'ready', row_count = ? WHERE id = ?").run(rowCount, datasetId);
    addLineage(db, datasetId, 'recording-export', lineage);
  }).immediate();
}
