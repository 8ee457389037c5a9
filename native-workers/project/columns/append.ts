/**
 * Changing a columnar dataset's rows after its import: appending (the last, partial chunk
 * rewritten, new chunks added), a column added (null chunks), a column cast to text, and a
 * refresh merged by key (the chunks holding updated rows rewritten, new keys appended). Each runs
 * inside the caller's write transaction. A chunk rewrite is INSERT OR REPLACE under a new id, so
 * no reader's chunk cache serves the old bytes.
 */
import type { Cell } from '../../../preload/contract/types';
import { datasetTable } from '../datasets';
import type { Db } from '../open';
import { rowPages } from '../rows';
import { chunkRows, decodeChunk, encodeChunk, encodeNumbers } from './chunk-codec';
import { chunkLocator, chunkRowCount, chunkWriter, datasetStorage } from './chunk-store';
import { ColumnChunkWriter } from './column-writer';
import { chunkRowRange, columnViews } from './read';

/**
 * Dataset `id`'s rows in order (without rowids), whatever its storage or status: a staging
 * dataset is not ready, so the ready-only readers do not serve it.
 */
export function* storedRows(db: Db, datasetId: number, width: number, pageRows = 10_000): Generator<Cell[][]> {
  if (datasetStorage(db, datasetId) === 'rows') {
    for (const page of rowPages(db, datasetTable(datasetId), pageRows)) yield page.map((r) => r.slice(1) as Cell[]);
    return;
  }
  const total = chunkRowCount(db, datasetId);
  for (let at = 0; at < total; at += pageRows) yield chunkRowRange(db, datasetId, width, at, Math.min(pageRows, total - at));
}

/** A writer that appends after the rows the dataset's chunks hold (add, then finish()). */
export function columnAppender(db: Db, datasetId: number, width: number): ColumnChunkWriter {
  return new ColumnChunkWriter(db, datasetId, width, chunkRowCount(db, datasetId));
}

/** Stores a new column `position` as nulls for the `rows` rows the dataset already holds. */
export function addNullColumn(db: Db, datasetId: number, position: number, rows: number): void {
  const put = chunkWriter(db);
  for (let chunk = 0; chunk * chunkRows < rows; chunk++) {
    const n = Math.min(chunkRows, rows - chunk * chunkRows);
    put(datasetId, position, chunk, n, encodeNumbers(new Float64Array(n), new Uint8Array(n).fill(1)));
  }
}

/** Rewrites each chunk of column `position` that holds numbers with them as text (a column widened to text by an append or refresh). */
export function castChunksToText(db: Db, datasetId: number, position: number): void {
  const locate = chunkLocator(db);
  const put = chunkWriter(db);
  for (let chunk = 0; ; chunk++) {
    const id = locate.id(datasetId, position, chunk);
    if (id === undefined) return;
    const view = decodeChunk(locate.bytes(id));
    if (view.encoding === 'dict' || view.encoding === 'utf8' || view.encoding === 'null') continue;
    const cells = view.cells().map((v) => (typeof v === 'number' ? String(v) : v));
    put(datasetId, position, chunk, cells.length, encodeChunk(cells));
  }
}

/**
 * Folds `source` rows (`width` cells each, in order) into columnar dataset `targetId` by key
 * column `key`, as mergeRowsByKey does for row tables: every target row whose key is in the source
 * takes the source's last row of that key, in place; source rows with a new key (the last of
 * each) or no key are appended in source order. Holds the source's rows with a key in memory
 * (a refresh's rows) and the target's key column as a map of keys to rows.
 */
export function mergeColumnsByKey(db: Db, targetId: number, width: number, key: number, source: Iterable<Cell[][]>): { updated: number; inserted: number } {
  const targetKeys = new Map<Cell, number[]>();
  let row = 0;
  for (const view of columnViews(db, targetId, key)) {
    for (let i = 0; i < view.rows; i++, row++) {
      const k = view.cell(i);
      if (k === null) continue;
      const at = targetKeys.get(k);
      if (at) at.push(row);
      else targetKeys.set(k, [row]);
    }
  }
  const updates = new Map<Cell, Cell[]>();
  // Appended rows by their source position: a key's last row wins, keeping that row's place.
  const appended = new Map<number, Cell[]>();
  const newKeyAt = new Map<Cell, number>();
  let position = 0;
  for (const page of source) {
    for (const r of page) {
      const k = r[key] ?? null;
      if (k !== null && targetKeys.has(k)) updates.set(k, r);
      else if (k === null) appended.set(position, r);
      else {
        const before = newKeyAt.get(k);
        if (before !== undefined) appended.delete(before);
        newKeyAt.set(k, position);
        appended.set(position, r);
      }
      position++;
    }
  }
  // Updated rows by chunk, then each touched chunk of every column rewritten once.
  const byChunk = new Map<number, Map<number, Cell[]>>();
  let updated = 0;
  for (const [k, r] of updates) {
    for (const at of targetKeys.get(k)!) {
      const chunk = Math.floor(at / chunkRows);
      let rows = byChunk.get(chunk);
      if (!rows) byChunk.set(chunk, (rows = new Map()));
      rows.set(at % chunkRows, r);
      updated++;
    }
  }
  const locate = chunkLocator(db);
  const put = chunkWriter(db);
  for (const [chunk, rows] of byChunk) {
    for (let j = 0; j < width; j++) {
      const id = locate.id(targetId, j, chunk);
      if (id === undefined) continue;
      const cells = decodeChunk(locate.bytes(id)).cells();
      for (const [i, r] of rows) cells[i] = r[j] ?? null;
      put(targetId, j, chunk, cells.length, encodeChunk(cells));
    }
  }
  const writer = columnAppender(db, targetId, width);
  for (const p of [...appended.keys()].sort((a, b) => a - b)) writer.add(appended.get(p)!);
  return { updated, inserted: writer.finish() };
}
