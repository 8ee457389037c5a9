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
