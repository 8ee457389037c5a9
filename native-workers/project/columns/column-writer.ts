/**
 * Turns rows into column chunks: buffers up to chunkRows rows per column, then encodes and writes
 * each column's chunk with one INSERT. Run it inside the caller's write transaction.
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { chunkRows, encodeChunk } from './chunk-codec';
import { chunkWriter, type ChunkPut } from './chunk-store';

export class ColumnChunkWriter {
  private readonly put: ChunkPut;
  private readonly columns: Cell[][];
  private buffered = 0;
  private chunk = 0;
  private written = 0;

  constructor(
    db: Db,
    private readonly datasetId: number,
    width: number,
  ) {
    this.put = chunkWriter(db);
    this.columns = Array.from({ length: width }, () => new Array<Cell>(chunkRows));
  }

  /** Adds one row (`width` cells; missing ones are null). */
  add(row: readonly Cell[]): void {
    const at = this.buffered;
    for (let j = 0; j < this.columns.length; j++) this.columns[j]![at] = row[j] ?? null;
    if (++this.buffered === chunkRows) this.flush();
  }

  /** Writes the last, partial chunk; returns how many rows were written in all. */
  finish(): number {
    if (this.buffered > 0) this.flush();
    return this.written;
  }

  private flush(): void {
    const n = this.buffered;
    this.columns.forEach((cells, j) => {
      const slice = n === chunkRows ? cells : cells.slice(0, n);
      this.put(this.datasetId, j, this.chunk, n, encodeChunk(slice));
    });
    this.chunk++;
    this.written += n;
    this.buffered = 0;
  }
}
