/**
 * A ready dataset's rows page by page, whatever its storage (row table or column chunks): for
 * readers that want every row in order without caring where they are kept (export).
 */
import type { Cell } from '../../preload/contract/types';
import { datasetStorage } from './columns/chunk-store';
import { chunkRowRange } from './columns/read';
import type { Db } from './open';
import type { ReadyDataset } from './datasets';
import { rowPages } from './rows';

/** Rows in order, at most `pageRows` a page; `width` is the dataset's column count. */
export function* datasetPages(db: Db, ds: ReadyDataset, width: number, pageRows: number): Generator<Cell[][]> {
  if (datasetStorage(db, ds.id) === 'rows') {
    for (const page of rowPages(db, ds.table, pageRows)) yield page.map(([, ...cells]) => cells);
    return;
  }
  for (let offset = 0; offset < ds.rowCount; offset += pageRows) yield chunkRowRange(db, ds.id, width, offset, Math.min(pageRows, ds.rowCount - offset));
}
