/**
 * Converts a row-table dataset to column chunks in one write transaction: the chunks are written,
 * the row table dropped and the storage switched together, so a crash or kill leaves the dataset
 * as it was (rows) or converted, never both or neither.
 */
import type { Db } from '../open';
import { datasetTable } from '../datasets';
import { dropRowTable } from '../dataset-tables';
import { rowPages } from '../rows';
import { chunkRows } from './chunk-codec';
import { datasetStorage, setDatasetStorage } from './chunk-store';
import { newDatasetStorage } from './storage-choice';
import { ColumnChunkWriter } from './column-writer';

/**
 * Stores dataset `id`'s rows as column chunks instead of its row table; returns the rows converted
 * (0 when it already was). `progress` hears the rows read so far after each chunk's worth.
 */
export function convertToColumns(db: Db, datasetId: number, width: number, progress?: (rows: number) => void): number {
  return db.transaction(() => {
    if (datasetStorage(db, datasetId) === 'columns') return 0;
    const table = datasetTable(datasetId);
    const writer = new ColumnChunkWriter(db, datasetId, width);
    let read = 0;
    for (const page of rowPages(db, table, chunkRows)) {
      for (const [, ...cells] of page) writer.add(cells);
      progress?.((read += page.length));
    }
    const rows = writer.finish();
    dropRowTable(db, table);
    setDatasetStorage(db, datasetId, 'columns');
    return rows;
  }).immediate();
}

/** What converting at open reports: the dataset, and rows read so far (after each chunk's worth). */
export type ConversionProgress = (datasetId: number, rows: number) => void;

/**
 * The open path's step once new datasets are columnar (newDatasetStorage): every ready row
 * dataset converted, each in its own transaction, so a crash or kill keeps every dataset whole
 * (converted ones stay converted; the next open goes on with the rest). Importing or failed
 * datasets are left alone (recovery removes the one, a resumed pull keeps the other's rows).
 * Returns the ids converted. A read-only open never calls it: it reads row tables as they are.
 */
export function convertAtOpen(db: Db, progress?: ConversionProgress): number[] {
  if (newDatasetStorage() !== 'columns') return [];
  const rowDatasets = db
    .prepare("SELECT d.id, (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS width FROM datasets d WHERE d.status = 'ready' AND d.storage = 'rows' ORDER BY d.id")
    .all() as { id: number; width: number }[];
  for (const { id, width } of rowDatasets) convertToColumns(db, id, width, progress && ((rows) => progress(id, rows)));
  return rowDatasets.map((d) => d.id);
}
