/** Test support: ready row-table datasets built the way an import leaves them, for tests of their readers. */
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { createImportingDataset, datasetTable, insertColumns, markReady } from '../datasets';
import { createRowTable } from '../dataset-tables';
import type { Db } from '../open';
import { rowInserter } from '../rows';

/** A ready dataset named `name` with columns `columns` and `rows` rows, row i being row(i); returns its id. */
export function rowDataset(db: Db, name: string, columns: readonly { name: string; type: ColumnType }[], rows: number, row: (i: number) => Cell[]): number {
  const { id } = createImportingDataset(db, name, `${name}.csv`);
  db.transaction(() => {
    createRowTable(db, datasetTable(id), columns.length);
    insertColumns(db, id, columns);
    const insert = rowInserter(db, datasetTable(id), null, columns.length);
    for (let i = 0; i < rows; i++) insert.one(row(i));
    markReady(db, id, rows, 0);
  }).immediate();
  return id;
}
