/**
 * Reading a columnar dataset: a row range (the grid's page: only the chunks it spans are read and
 * only its cells decoded) and whole columns chunk by chunk (training, export).
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { chunkRows, decodeChunk, type ChunkView } from './chunk-codec';
import { cachedChunk, isCached, warmChunks } from './chunk-cache';
import { chunkLocator, columnChunks } from './chunk-store';

/**
 * Rows [offset, offset + limit) of a columnar dataset of `width` columns, as row arrays (chunks
 * through the connection's cache). `warmNeighbour` (the grid): a page that had to read its band
 * from disk has the band beside it (after it from the band's middle on, else before it) loaded
 * while the thread is idle, so the next band's first page is a cache hit too.
 */
export function chunkRowRange(db: Db, datasetId: number, width: number, offset: number, limit: number, warmNeighbour = false): Cell[][] {
  const locate = chunkLocator(db);
  const rows: Cell[][] = [];
  const end = offset + limit;
  let cold = -1;
  for (let chunk = Math.floor(offset / chunkRows); chunk * chunkRows < end; chunk++) {
    const from = Math.max(0, offset - chunk * chunkRows);
    const to = Math.min(chunkRows, end - chunk * chunkRows);
    const first = rows.length;
    for (let j = 0; j < width; j++) {
      const id = locate.id(datasetId, j, chunk);
      if (id === undefined) return rows;
      if (cold < 0 && !isCached(db, id)) cold = chunk;
      const cells = cachedChunk(db, id, () => locate.bytes(id)).cells(from, to);
      if (j === 0) for (let i = 0; i < cells.length; i++) rows.push(new Array<Cell>(width));
      for (let i = 0; i < cells.length; i++) rows[first + i]![j] = cells[i]!;
    }
  }
  if (warmNeighbour && cold >= 0) {
    const next = offset - cold * chunkRows >= chunkRows / 2 ? cold + 1 : cold - 1;
    const ids: number[] = [];
    for (let j = 0; next >= 0 && j < width; j++) {
      const id = locate.id(datasetId, j, next);
      if (id === undefined) break;
      ids.push(id);
    }
    warmChunks(db, ids, (id) => locate.bytes(id));
  }
  return rows;
}

/** A column's chunks decoded, in order (each holds its bytes until the next is read). */
export function* columnViews(db: Db, datasetId: number, position: number): Generator<ChunkView> {
  for (const bytes of columnChunks(db, datasetId, position)) yield decodeChunk(bytes);
}
