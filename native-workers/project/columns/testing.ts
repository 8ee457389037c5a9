/**
 * Test and bench support: ready datasets built the way an import leaves them, as a row table or
 * as column chunks, for tests of their readers and for measuring one storage against the other.
 */
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { BatchInserter } from '../batch-insert';
import { createImportingDataset, datasetColumns, datasetTable, insertColumns, markReady } from '../datasets';
import { convertToRows } from './rewrite';
import { createRowTable } from '../dataset-tables';
import type { Db } from '../open';
import { setDatasetStorage, type DatasetStorage } from './chunk-store';
import { convertToColumns } from './convert';
import { ColumnChunkWriter } from './column-writer';

type Columns = readonly { name: string; type: ColumnType }[];

/** A ready row-table dataset (multi-row INSERTs, as the row writer stores them) of `rows` rows, row i being row(i); returns its id. */
export function rowDataset(db: Db, name: string, columns: Columns, rows: number, row: (i: number) => Cell[]): number {
  const { id } = createImportingDataset(db, name, `${name}.csv`);
  db.transaction(() => {
    createRowTable(db, datasetTable(id), columns.length);
    insertColumns(db, id, columns);
    const insert = new BatchInserter(db, datasetTable(id), null, columns.length);
    insert.run(() => {
      for (let i = 0; i < rows; i++) {
        row(i).forEach((v, j) => insert.set(j, v));
        insert.commitRow();
      }
    });
    markReady(db, id, rows, 0);
  }).immediate();
  return id;
}

/** The same dataset stored as column chunks from the start (no row table). */
export function columnDataset(db: Db, name: string, columns: Columns, rows: number, row: (i: number) => Cell[]): number {
  const { id } = createImportingDataset(db, name, `${name}.csv`);
  db.transaction(() => {
    insertColumns(db, id, columns);
    const writer = new ColumnChunkWriter(db, id, columns.length);
    for (let i = 0; i < rows; i++) writer.add(row(i));
    writer.finish();
    setDatasetStorage(db, id, 'columns');
    markReady(db, id, rows, 0);
  }).immediate();
  return id;
}

/** Both storages, for tests that run a feature's cases on each (`describe.each(storages)`). */
export const storages: readonly DatasetStorage[] = ['rows', 'columns'];

/** Runs `body` with new datasets stored as `storage` (ASSAY_DATASET_STORAGE), restoring the variable after. */
export function withNewStorage<T>(storage: DatasetStorage, body: () => T): T {
  const was = process.env['ASSAY_DATASET_STORAGE'];
  process.env['ASSAY_DATASET_STORAGE'] = storage;
  try {
    return body();
  } finally {
    if (was === undefined) delete process.env['ASSAY_DATASET_STORAGE'];
    else process.env['ASSAY_DATASET_STORAGE'] = was;
  }
}

/** Stores a ready dataset as `storage`, converting it when it is stored the other way (a no-op when it already is). */
export function storeAs(db: Db, datasetId: number, storage: DatasetStorage): void {
  const width = datasetColumns(db, datasetId).length;
  if (storage === 'columns') convertToColumns(db, datasetId, width);
  else convertToRows(db, datasetId, datasetTable(datasetId), width);
}
