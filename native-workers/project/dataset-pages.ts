/**
 * A ready dataset's rows page by page, whatever its storage (row table or column chunks): for
 * readers that want every row in order without caring where they are kept (export, profile), and
 * one column's values (the `exists` rule's look-up set).
 */
import type { Cell } from '../../preload/contract/types';
import { datasetStorage } from './columns/chunk-store';
import { chunkRowRange, columnViews } from './columns/read';
import type { Db } from './open';
import type { ReadyDataset } from './datasets';
import { columnValues, rowPages } from './rows';

/** Rows in order, at most `pageRows` a page; `width` is the dataset's column count. */
export function* datasetPages(db: Db, ds: ReadyDataset, width: number, pageRows: number): Generator<Cell[][]> {
  if (datasetStorage(db, ds.id) === 'rows') {
    // Copies without the rowid: rowPages reads the last row's rowid after the yield to find the next page.
    for (const page of rowPages(db, ds.table, pageRows)) yield page.map((row) => row.slice(1) as Cell[]);
    return;
  }
  for (let offset = 0; offset < ds.rowCount; offset += pageRows) yield chunkRowRange(db, ds.id, width, offset, Math.min(pageRows, ds.rowCount - offset));
}

/** One column's values in row order, streamed (a column table reads only that column's chunks). */
export function* datasetColumnValues(db: Db, ds: ReadyDataset, position: number): Generator<Cell, void, undefined> {
  if (datasetStorage(db, ds.id) === 'rows') {
    yield* columnValues(db, ds.table, position);
    return;
  }
  for (const view of columnViews(db, ds.id, position)) for (let i = 0; i < view.rows; i++) yield view.cell(i);
}
