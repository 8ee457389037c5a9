/**
 * Column chunks on their way to the row-writer thread: the import thread fills one chunk's worth
 * of rows per column (numbers into a Float64Array, text as dictionary codes or UTF-8 bytes) and
 * hands each column over whole, its typed arrays transferred, so no row object and no string per
 * value crosses; the writer thread only encodes the parts (chunk-codec) and INSERTs them. The
 * row-major RowBatch (row-batch.ts) cost the import thread ~14 % of its time packing, and the
 * writer about a third of its busy time unpacking cells again; joining each text column into one
 * string instead cost the import thread 13 % (`--cpu-prof` of a 20 MB import, docs/figures.md).
 */
import type { Cell } from '../../preload/contract/types';
import type { Bindable } from '../project/batch-insert';
import { chunkRows, dictGiveUp, encodeChunk, encodeCodes, encodeNumbers, encodeUtf8, type EncodedChunk } from '../project/columns/chunk-codec';
import { ByteDict } from './byte-dict';
import type { QuarantineArgs } from './row-batch';

/**
 * One column of a chunk: numbers (and nulls); text as dictionary codes (categories, dates) or,
 * once a dictionary stops paying, as UTF-8 with each value's byte length; or cells (a column
 * that mixes numbers and text within the chunk, rare).
 */
export type ColumnPart =
  | { readonly kind: 'numbers'; readonly values: Float64Array<ArrayBuffer>; readonly nulls: Uint8Array<ArrayBuffer> }
  | { readonly kind: 'dict'; readonly dict: readonly string[]; readonly codes: Uint32Array<ArrayBuffer>; readonly nulls: Uint8Array<ArrayBuffer> }
  | {
      readonly kind: 'utf8';
      readonly bytes: Uint8Array<ArrayBuffer>;
      readonly lens: Int32Array<ArrayBuffer>;
      readonly nulls: Uint8Array<ArrayBuffer>;
      readonly distinctShare: number;
      readonly ascii: boolean;
    }
  | { readonly kind: 'cells'; readonly cells: readonly Cell[] };

/** A chunk's columns (rows 0…rows-1 of chunk `chunk`), or none: a message may carry only quarantined rows. */
export interface ColumnBatch {
  readonly columnar: true;
  readonly chunk: number;
  readonly rows: number;
  readonly parts: readonly ColumnPart[] | null;
  readonly quarantine: readonly QuarantineArgs[];
}

/** The bytes of one column part (on the writer thread). */
export function encodePart(part: ColumnPart): EncodedChunk {
  if (part.kind === 'numbers') return encodeNumbers(part.values, part.nulls);
  if (part.kind === 'dict') return encodeCodes(part.dict, part.codes, part.nulls);
  if (part.kind === 'utf8') return encodeUtf8(part.bytes, part.lens, part.nulls, part.distinctShare, part.ascii);
  return encodeChunk(part.cells);
}

const EMPTY = 0;
const NUMBERS = 1;
const DICT = 2;
const UTF8 = 3;
const CELLS = 4;

/**
 * One column's cells of the chunk being filled. Text is coded against a Map as it arrives; a
 * chunk still mostly distinct after dictGiveUp values (the codec's rule) is written as UTF-8
 * from then on, so an id column costs one buffer write per value, not a Map entry.
 */
class ColumnFill {
  mode = EMPTY;
  values = new Float64Array(chunkRows);
  nulls = new Uint8Array(chunkRows);
  private codes: Uint32Array<ArrayBuffer> | null = null;
  private dict = new Map<string, number>();
  private dictList: string[] = [];
  /** The same codes by UTF-8 bytes, for putBytes: filled as values arrive that way. */
  private readonly byteCodes = new ByteDict();
  /** Non-null text values in the chunk so far (the give-up rule counts them). */
  private seen = 0;
  private bytes: Buffer | null = null;
  private lens: Int32Array<ArrayBuffer> | null = null;
  private at = 0;
  private ascii = true;
  private distinctShare = 1;
  /** The last chunk's UTF-8 size, to size the next one's buffer. */
  private capacity = 1 << 20;
  private cells: Cell[] | null = null;

  put(r: number, v: Cell): void {
    if (v === null) {
      this.nulls[r] = 1;
      if (this.mode === UTF8) this.lens![r] = 0;
      else if (this.mode === CELLS) this.cells![r] = null;
      return;
    }
    this.nulls[r] = 0;
    if (typeof v === 'number') {
      if (this.mode === EMPTY || this.mode === NUMBERS) {
        this.mode = NUMBERS;
        this.values[r] = v;
        return;
      }
    } else if (this.mode === DICT) {
      this.seen++;
      let code = this.dict.get(v);
      if (code === undefined) {
        code = this.dict.size;
        if (code >= dictGiveUp && code * 2 > this.seen) {
          this.distinctShare = code / this.seen;
          this.toUtf8(r);
          this.write(r, v);
          return;
        }
        this.dict.set(v, code);
        this.dictList.push(v);
      }
      this.codes![r] = code;
      return;
    } else if (this.mode === UTF8) {
      this.write(r, v);
      return;
    } else if (this.mode === EMPTY) {
      // Rows before held only nulls (their codes are never read).
      this.codes = new Uint32Array(chunkRows);
      this.mode = DICT;
      this.put(r, v);
      return;
    }
    if (this.mode !== CELLS) this.toCells(r);
    this.cells![r] = v;
  }

  /** A finite number: straight into the chunk's values while the column holds only numbers. */
  putNumber(r: number, v: number): void {
    if (this.mode === NUMBERS || this.mode === EMPTY) {
      this.mode = NUMBERS;
      this.nulls[r] = 0;
      this.values[r] = v;
    } else this.put(r, v);
  }

  /**
   * UTF-8 text straight from a source's bytes (src[start…end)): copied as is once the chunk is
   * written as UTF-8; while a dictionary pays, a value seen before in the chunk is found by its
   * bytes (byteCodes) and only a new one becomes a string.
   */
  putBytes(r: number, src: Buffer, start: number, end: number): void {
    if (this.mode === DICT) {
      const code = this.byteCodes.find(src, start, end);
      if (code >= 0) {
        this.nulls[r] = 0;
        this.seen++;
        this.codes![r] = code;
        return;
      }
    }
    if (this.mode !== UTF8) {
      this.put(r, src.toString('utf8', start, end));
      // Still a dictionary (not given up, not mixed with numbers): its bytes find the code next time.
      if (this.mode === DICT) this.byteCodes.add(src, start, end, this.codes![r]!);
      return;
    }
    this.nulls[r] = 0;
    const n = end - start;
    let bytes = this.bytes!;
    if (this.at + n > bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * bytes.length, this.at + n));
      bytes.copy(grown, 0, 0, this.at);
      this.bytes = bytes = grown;
    }
    // A loop: values are short, and Buffer.copy's argument checks cost more than the copy.
    let high = 0;
    for (let k = 0, at = this.at; k < n; k++) {
      const b = src[start + k]!;
      high |= b;
      bytes[at + k] = b;
    }
    if (high >= 0x80) this.ascii = false;
    this.lens![r] = n;
    this.at += n;
  }

  private write(r: number, v: string): void {
    let bytes = this.bytes!;
    if (this.at + 3 * v.length > bytes.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * bytes.length, this.at + 3 * v.length));
      bytes.copy(grown, 0, 0, this.at);
      this.bytes = bytes = grown;
    }
    const n = bytes.write(v, this.at, 'utf8');
    if (n !== v.length) this.ascii = false;
    this.lens![r] = n;
    this.at += n;
  }

  /** The dictionary stopped paying at row r: the rows before are written out as UTF-8. */
  private toUtf8(r: number): void {
    this.bytes = Buffer.allocUnsafeSlow(this.capacity);
    this.lens = new Int32Array(chunkRows);
    this.at = 0;
    this.ascii = true;
    this.mode = UTF8;
    const codes = this.codes!;
    for (let k = 0; k < r; k++) {
      if (this.nulls[k]) this.lens[k] = 0;
      else this.write(k, this.dictList[codes[k]!]!);
    }
    this.dict.clear();
    this.dictList = [];
    this.byteCodes.clear();
  }

  /** Numbers and text in one chunk (a column widened to text within it): cells from here to the chunk's end. */
  private toCells(r: number): void {
    const cells = new Array<Cell>(chunkRows);
    let pos = 0;
    for (let k = 0; k < r; k++) {
      if (this.nulls[k]) cells[k] = null;
      else if (this.mode === NUMBERS) cells[k] = this.values[k]!;
      else if (this.mode === DICT) cells[k] = this.dictList[this.codes![k]!]!;
      else cells[k] = this.bytes!.toString('utf8', pos, (pos += this.lens![k]!));
    }
    this.cells = cells;
    this.mode = CELLS;
  }

  /** Rows 0…rows-1: handed over whole when the chunk is full (fresh buffers take their place), copied when it is a partial one that grows on. */
  take(rows: number, full: boolean): ColumnPart {
    const nulls = full ? this.nulls : this.nulls.slice(0, rows);
    let part: ColumnPart;
    if (this.mode === DICT) part = { kind: 'dict', dict: full ? this.dictList : this.dictList.slice(), codes: full ? this.codes! : this.codes!.slice(0, rows), nulls };
    else if (this.mode === UTF8) {
      // allocUnsafeSlow: a buffer of its own (not the pool's), so it can be transferred.
      const bytes = full ? new Uint8Array(this.bytes!.buffer as ArrayBuffer, this.bytes!.byteOffset, this.at) : new Uint8Array(this.bytes!.subarray(0, this.at));
      part = { kind: 'utf8', bytes, lens: full ? this.lens! : this.lens!.slice(0, rows), nulls, distinctShare: this.distinctShare, ascii: this.ascii };
    } else if (this.mode === CELLS) part = { kind: 'cells', cells: this.cells!.slice(0, rows) };
    else part = { kind: 'numbers', values: full ? this.values : this.values.slice(0, rows), nulls };
    if (full) this.reset();
    return part;
  }

  private reset(): void {
    if (this.mode === UTF8) this.capacity = Math.max(this.capacity, this.at);
    if (this.mode === NUMBERS || this.mode === EMPTY) this.values = new Float64Array(chunkRows);
    this.nulls = new Uint8Array(chunkRows);
    this.mode = EMPTY;
    this.codes = null;
    this.dict = new Map();
    this.dictList = [];
    this.byteCodes.clear();
    this.seen = 0;
    this.bytes = null;
    this.lens = null;
    this.cells = null;
  }
}

/** A value as a row sink is handed it: undefined (not set) is null, a bigint or blob is kept as text (as ColumnChunkWriter does). */
function asCell(v: Bindable | undefined): Cell {
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'string') return v ?? null;
  return v.toString();
}

/** Fills column chunks row by row (set, then commitRow) on the import thread; see the file's comment. */
export class ColumnBatchEncoder {
  private readonly columns: ColumnFill[];
  private rows = 0;
  private chunk = 0;
  /** Rows of the current chunk already handed over as a partial chunk (a drain); the full chunk replaces it. */
  private handed = 0;
  private quarantine: QuarantineArgs[] = [];

  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => new ColumnFill());
  }

  get full(): boolean {
    return this.rows === chunkRows;
  }

  /** Rows set since the chunk was last handed over (whole or partial). */
  get pendingRows(): number {
    return this.rows - this.handed;
  }

  get pendingQuarantine(): number {
    return this.quarantine.length;
  }

  set(column: number, value: Bindable | undefined): void {
    this.columns[column]!.put(this.rows, asCell(value));
  }

  /** A finite number, no conversion (a source's decoded integer or double). */
  setNumber(column: number, value: number): void {
    this.columns[column]!.putNumber(this.rows, value);
  }

  /** A text value as UTF-8 bytes (see ColumnFill.putBytes). */
  setBytes(column: number, src: Buffer, start: number, end: number): void {
    this.columns[column]!.putBytes(this.rows, src, start, end);
  }

  commitRow(): void {
    this.rows++;
  }

  keep(args: QuarantineArgs): void {
    this.quarantine.push(args);
  }

  /** The chunk so far (full or partial) with the quarantined rows; a full chunk starts the next. */
  take(): ColumnBatch {
    const full = this.rows === chunkRows;
    const batch: ColumnBatch = { columnar: true, chunk: this.chunk, rows: this.rows, parts: this.columns.map((c) => c.take(this.rows, full)), quarantine: this.quarantine };
    this.quarantine = [];
    if (full) {
      this.chunk++;
      this.rows = 0;
      this.handed = 0;
    } else this.handed = this.rows;
    return batch;
  }

  /** Only the quarantined rows kept so far. */
  takeQuarantine(): ColumnBatch {
    const batch: ColumnBatch = { columnar: true, chunk: this.chunk, rows: 0, parts: null, quarantine: this.quarantine };
    this.quarantine = [];
    return batch;
  }
}

/** The typed arrays of a batch, to transfer rather than copy. */
export function transferables(batch: ColumnBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const p of batch.parts ?? []) {
    if (p.kind === 'numbers') out.push(p.values.buffer, p.nulls.buffer);
    else if (p.kind === 'dict') out.push(p.codes.buffer, p.nulls.buffer);
    else if (p.kind === 'utf8') out.push(p.bytes.buffer, p.lens.buffer, p.nulls.buffer);
  }
  return out;
}
