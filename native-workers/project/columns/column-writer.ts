/**
 * Turns rows into column chunks: buffers up to chunkRows rows per column, then encodes and writes
 * each column's chunk with one INSERT. A column is buffered as numbers (a Float64Array and a null
 * mask) until its first text cell, and as cells from then on to the chunk's end: holding 64 Ki
 * boxed numbers per column would keep them alive past the young generation and make the garbage
 * collector the import's main cost. Run it inside the caller's write transaction(s).
 *
 * A writer may start after rows already stored (an append, a resumed pull): it reads the last,
 * partial chunk back into its buffers and rewrites it (INSERT OR REPLACE by chunk key) with the
 * new rows, then adds new chunks; full chunks are never touched.
 */
import type { Cell } from '../../../preload/contract/types';
import type { Db } from '../open';
import { chunkRows, decodeChunk, encodeChunk, encodeNumbers } from './chunk-codec';
import { chunkLocator, chunkWriter, type ChunkPut } from './chunk-store';

class ColumnBuffer {
  readonly numbers = new Float64Array(chunkRows);
  readonly nulls = new Uint8Array(chunkRows);
  /** Set once the chunk holds text: every cell so far, and each one after. */
  cells: Cell[] | null = null;

  put(i: number, v: Cell): void {
    if (this.cells) this.cells[i] = v;
    else if (v === null) this.nulls[i] = 1;
    else if (typeof v === 'number') {
      this.numbers[i] = v;
      this.nulls[i] = 0;
    } else {
      const cells = new Array<Cell>(chunkRows);
      for (let k = 0; k < i; k++) cells[k] = this.nulls[k] ? null : this.numbers[k]!;
      cells[i] = v;
      this.cells = cells;
    }
  }

  /** The first `n` rows encoded (the buffer keeps them: a checkpoint writes a chunk that grows on). */
  encode(n: number): ReturnType<typeof encodeChunk> {
    return this.cells ? encodeChunk(n === chunkRows ? this.cells : this.cells.slice(0, n)) : encodeNumbers(this.numbers.subarray(0, n), this.nulls.subarray(0, n));
  }

  clear(): void {
    this.cells = null;
    this.nulls.fill(0);
  }
}

/** A value as a row sink is handed it (undefined: not set, stored as null; a bigint or blob is kept as text). */
type CellIn = Cell | bigint | Buffer | undefined;

function asCell(v: CellIn): Cell {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'string') return v ?? null;
  return v.toString();
}

export class ColumnChunkWriter {
  private readonly put: ChunkPut;
  private readonly columns: ColumnBuffer[];
  private buffered = 0;
  private chunk: number;
  /** Rows in the buffers already stored as a partial chunk (by a checkpoint or before this writer began). */
  private stored = 0;

  /** `startRows`: rows the dataset's chunks already hold (0 for a new dataset). */
  constructor(
    db: Db,
    private readonly datasetId: number,
    width: number,
    private readonly startRows = 0,
  ) {
    this.put = chunkWriter(db);
    this.columns = Array.from({ length: width }, () => new ColumnBuffer());
    this.chunk = Math.floor(startRows / chunkRows);
    const partial = startRows % chunkRows;
    if (partial > 0) {
      const locate = chunkLocator(db);
      let whole = true;
      this.columns.forEach((c, j) => {
        const id = locate.id(datasetId, j, this.chunk);
        // A column added since (an append that adds columns) has no chunk yet: nulls.
        if (id === undefined) {
          whole = false;
          for (let i = 0; i < partial; i++) c.put(i, null);
        } else {
          const view = decodeChunk(locate.bytes(id));
          for (let i = 0; i < partial; i++) c.put(i, view.cell(i));
        }
      });
      this.buffered = partial;
      this.stored = whole ? partial : 0;
    }
  }

  /** Adds one row (`width` cells; missing ones are null). */
  add(row: readonly Cell[]): void {
    const at = this.buffered;
    for (let j = 0; j < this.columns.length; j++) this.columns[j]!.put(at, row[j] ?? null);
    if (++this.buffered === chunkRows) this.flush();
  }

  /** Sets cell `column` of the row being built (the RowSink face the row-writer thread fills). */
  set(column: number, value: CellIn): void {
    this.columns[column]!.put(this.buffered, asCell(value));
  }

  commitRow(): void {
    if (++this.buffered === chunkRows) this.flush();
  }

  /** Runs `fill` (set and commitRow per row): the same face as BatchInserter.run. */
  run(fill: () => void): void {
    fill();
  }

  /** Rows added through this writer so far. */
  get rowsAdded(): number {
    return this.chunk * chunkRows + this.buffered - this.startRows;
  }

  /**
   * Stores the partial chunk as it is now, so the rows so far commit with the caller's
   * transaction (a pull stores its position beside them); the next checkpoint or flush rewrites it.
   */
  checkpoint(): void {
    if (this.buffered > this.stored) {
      this.columns.forEach((c, j) => this.put(this.datasetId, j, this.chunk, this.buffered, c.encode(this.buffered)));
      this.stored = this.buffered;
    }
  }

  /** Writes the last, partial chunk; returns how many rows were added through this writer. */
  finish(): number {
    this.checkpoint();
    return this.rowsAdded;
  }

  private flush(): void {
    this.columns.forEach((c, j) => {
      this.put(this.datasetId, j, this.chunk, chunkRows, c.encode(chunkRows));
      c.clear();
    });
    this.chunk++;
    this.buffered = 0;
    this.stored = 0;
  }
}
