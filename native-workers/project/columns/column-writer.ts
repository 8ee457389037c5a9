/**
 * Turns rows into column chunks: buffers up to chunkRows rows per column, then encodes and writes
 * each column's chunk with one INSERT. A column is buffered as numbers (a Float64Array and a null
 * mask) until its first text cell, and as cells from then on to the chunk's end: holding 64 Ki
 * boxed numbers per column would keep them alive past the young generation and make the garbage
 * collector the import's main cost. Run it inside the caller's write transaction.
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { chunkRows, encodeChunk, encodeNumbers } from './chunk-codec';
import { chunkWriter, type ChunkPut } from './chunk-store';

class ColumnBuffer {
  readonly numbers = new Float64Array(chunkRows);
  readonly nulls = new Uint8Array(chunkRows);
  /** Set once the chunk holds text: every cell so far, and each one after. */
  cells: Cell[] | null = null;

  put(i: number, v: Cell): void {
    if (this.cells) this.cells[i] = v;
    else if (v === null) this.nulls[i] = 1;
    else if (typeof v === 'number') this.numbers[i] = v;
    else {
      const cells = new Array<Cell>(chunkRows);
      for (let k = 0; k < i; k++) cells[k] = this.nulls[k] ? null : this.numbers[k]!;
      cells[i] = v;
      this.cells = cells;
    }
  }

  /** Encodes the first `n` rows and empties the buffer. */
  take(n: number): ReturnType<typeof encodeChunk> {
    const out = this.cells ? encodeChunk(n === chunkRows ? this.cells : this.cells.slice(0, n)) : encodeNumbers(this.numbers.subarray(0, n), this.nulls.subarray(0, n));
    this.cells = null;
    this.nulls.fill(0);
    return out;
  }
}

export class ColumnChunkWriter {
  private readonly put: ChunkPut;
  private readonly columns: ColumnBuffer[];
  private buffered = 0;
  private chunk = 0;
  private written = 0;

  constructor(
    db: Db,
    private readonly datasetId: number,
    width: number,
  ) {
    this.put = chunkWriter(db);
    this.columns = Array.from({ length: width }, () => new ColumnBuffer());
  }

  /** Adds one row (`width` cells; missing ones are null). */
  add(row: readonly Cell[]): void {
    const at = this.buffered;
    for (let j = 0; j < this.columns.length; j++) this.columns[j]!.put(at, row[j] ?? null);
    if (++this.buffered === chunkRows) this.flush();
  }

  /** Writes the last, partial chunk; returns how many rows were written in all. */
  finish(): number {
    if (this.buffered > 0) this.flush();
    return this.written;
  }

  private flush(): void {
    const n = this.buffered;
    this.columns.forEach((c, j) => this.put(this.datasetId, j, this.chunk, n, c.take(n)));
    this.chunk++;
    this.written += n;
    this.buffered = 0;
  }
}
