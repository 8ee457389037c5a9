/**
 * Reading a columnar dataset: a row range (the grid's page: only the chunks it spans are read and
 * only its cells decoded) and whole columns chunk by chunk (training, export).
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { chunkRows, decodeChunk, type ChunkView } from './chunk-codec';
import { cachedChunk } from './chunk-cache';
import { chunkLocator, columnChunks } from './chunk-store';

/** Rows [offset, offset + limit) of a columnar dataset of `width` columns, as row arrays (chunks through the connection's cache). */
export function chunkRowRange(db: Db, datasetId: number, width: number, offset: number, limit: number): Cell[][] {
  const locate = chunkLocator(db);
  const rows: Cell[][] = [];
  const end = offset + limit;
  for (let chunk = Math.floor(offset / chunkRows); chunk * chunkRows < end; chunk++) {
    const from = Math.max(0, offset - chunk * chunkRows);
    const to = Math.min(chunkRows, end - chunk * chunkRows);
    const first = rows.length;
    for (let j = 0; j < width; j++) {
      const id = locate.id(datasetId, j, chunk);
      if (id === undefined) return rows;
      const cells = cachedChunk(db, id, () => locate.bytes(id)).cells(from, to);
      if (j === 0) for (let i = 0; i < cells.length; i++) rows.push(new Array<Cell>(width));
      for (let i = 0; i < cells.length; i++) rows[first + i]![j] = cells[i]!;
    }
  }
  return rows;
}

/** A column's chunks decoded, in order (each holds its bytes until the next is read). */
export function* columnViews(db: Db, datasetId: number, position: number): Generator<ChunkView> {
  for (const bytes of columnChunks(db, datasetId, position)) yield decodeChunk(bytes);
}
