/**
 * One column chunk (up to chunkRows cells of one dataset column) as bytes, and back. A chunk picks
 * its encoding from what it holds: numbers as Int32 or Float64 arrays, 0/1 as a bitmap, text
 * dictionary-encoded (codes + dictionary) or as offsets + UTF-8 when the dictionary would not pay,
 * a mix (rare: a text column's strays) as a tag per cell. Nulls are a bitmap beside the values, so
 * NaN stays a number. Every typed section starts 8-byte aligned so it is read in place, no copy.
 *
 * Layout (little-endian): u8 encoding, u8 flags (bit 0: null bitmap follows), u16 0, u32 rows;
 * [null bitmap, 1 = null, padded to 8]; the encoding's payload (see each encoder).
 */
import { type ZoneMap, numberZone, textZone } from './zone-map';
import type { Cell } from '../../../preload/contract/types';

/** Rows per chunk: fixed, so row r of a dataset is cell r % chunkRows of chunk r / chunkRows. */
export const chunkRows = 65_536;

/** How a chunk stores its cells (the first byte of its bytes). */
export const encodings = { null: 1, int32: 2, float64: 3, bool: 4, dict: 5, utf8: 6, mixed: 7 } as const;
export type Encoding = keyof typeof encodings;
const encodingByTag = new Map<number, Encoding>(Object.entries(encodings).map(([k, v]) => [v, k as Encoding]));

/** A chunk's bytes and what a reader may learn without decoding them. */
export interface EncodedChunk {
  readonly encoding: Encoding;
  readonly bytes: Buffer;
  readonly zone: ZoneMap;
}

const headerBytes = 8;
const align8 = (n: number): number => (n + 7) & ~7;
const bitmapBytes = (rows: number): number => align8((rows + 7) >> 3);

/** Sizes the output: header, optional null bitmap, then `payload` bytes. */
class ChunkBuilder {
  readonly buf: Buffer;
  readonly payloadAt: number;
  constructor(encoding: Encoding, rows: number, nulls: number, payload: number) {
    const bitmap = nulls > 0 ? bitmapBytes(rows) : 0;
    this.payloadAt = headerBytes + bitmap;
    this.buf = Buffer.alloc(this.payloadAt + payload);
    this.buf.writeUInt8(encodings[encoding], 0);
    this.buf.writeUInt8(nulls > 0 ? 1 : 0, 1);
    this.buf.writeUInt32LE(rows, 4);
  }
  markNull(i: number): void {
    this.buf[headerBytes + (i >> 3)]! |= 1 << (i & 7);
  }
  /** A typed view of the payload, `at` bytes in (aligned for the type by the caller). */
  view<T>(Ctor: new (b: ArrayBuffer, o: number, n: number) => T, at: number, length: number): T {
    return new Ctor(this.buf.buffer as ArrayBuffer, this.buf.byteOffset + this.payloadAt + at, length);
  }
}

function isInt32(v: number): boolean {
  return (v | 0) === v && !Object.is(v, -0);
}

/** What a chunk's cells are: numbers only (with nulls) take the typed path. */
function survey(cells: readonly Cell[]): { nulls: number; numbers: number; strings: number } {
  let nulls = 0;
  let numbers = 0;
  for (const v of cells) {
    if (v === null) nulls++;
    else if (typeof v === 'number') numbers++;
  }
  return { nulls, numbers, strings: cells.length - nulls - numbers };
}

/** Encodes one chunk's cells (at most chunkRows of them). */
export function encodeChunk(cells: readonly Cell[]): EncodedChunk {
  const rows = cells.length;
  if (rows > chunkRows) throw new RangeError(`A chunk holds at most ${chunkRows} rows, not ${rows}.`);
  const s = survey(cells);
  if (s.strings === 0) {
    const values = new Float64Array(rows);
    const nulls = new Uint8Array(rows);
    cells.forEach((v, i) => (v === null ? (nulls[i] = 1) : (values[i] = v as number)));
    return encodeNumbers(values, nulls);
  }
  if (s.numbers === 0) return encodeText(cells, s.nulls);
  return encodeMixed(cells, s.numbers, s.strings);
}

/**
 * Encodes a chunk of numbers given as `values` with `nulls` (1 = null; its value is ignored): the
 * import's writer buffers number columns this way, so no cell is boxed on the way. All null, 0/1
 * (a bitmap), Int32 or Float64, whichever holds every value exactly.
 */
export function encodeNumbers(values: Float64Array, nulls: Uint8Array): EncodedChunk {
  const rows = values.length;
  if (rows > chunkRows) throw new RangeError(`A chunk holds at most ${chunkRows} rows, not ${rows}.`);
  let nullCount = 0;
  let int32 = true;
  let bool = true;
  for (let i = 0; i < rows; i++) {
    if (nulls[i]) {
      nullCount++;
      continue;
    }
    const v = values[i]!;
    if (int32 && !isInt32(v)) int32 = false;
    if (bool && v !== 0 && v !== 1) bool = false;
  }
  const zone = numberZone(values, nulls, nullCount);
  if (nullCount === rows) return { encoding: 'null', bytes: new ChunkBuilder('null', rows, 0, 0).buf, zone };
  // -0 is no int32, and so no bit either.
  const encoding = int32 && bool ? 'bool' : int32 ? 'int32' : 'float64';
  const payload = encoding === 'bool' ? bitmapBytes(rows) : encoding === 'int32' ? rows * 4 : rows * 8;
  const b = new ChunkBuilder(encoding, rows, nullCount, payload);
  if (nullCount > 0) for (let i = 0; i < rows; i++) if (nulls[i]) b.markNull(i);
  if (encoding === 'bool') {
    const bits = b.view(Uint8Array, 0, payload);
    for (let i = 0; i < rows; i++) if (!nulls[i] && values[i] === 1) bits[i >> 3]! |= 1 << (i & 7);
  } else if (encoding === 'int32') {
    const out = b.view(Int32Array, 0, rows);
    for (let i = 0; i < rows; i++) out[i] = nulls[i] ? 0 : values[i]!;
  } else {
    const out = b.view(Float64Array, 0, rows);
    out.set(values);
    if (nullCount > 0) for (let i = 0; i < rows; i++) if (nulls[i]) out[i] = 0;
  }
  return { encoding, bytes: b.buf, zone };
}

/** Strings' UTF-8 one after another, with rows + 1 offsets: `offsets` u32 at `at`, bytes after. */
function writeStrings(b: ChunkBuilder, at: number, strings: readonly string[], byteLengths: readonly number[]): void {
  const offsets = b.view(Uint32Array, at, strings.length + 1);
  let pos = b.payloadAt + at + 4 * (strings.length + 1);
  const start = pos;
  strings.forEach((t, i) => {
    offsets[i] = pos - start;
    pos += b.buf.write(t, pos, byteLengths[i]!, 'utf8');
  });
  offsets[strings.length] = pos - start;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

/** Past this many distinct strings, a chunk whose strings are more than half distinct stops building its dictionary. */
export const dictGiveUp = 4096;

/**
 * Text: a dictionary (u32 count, u32 code width; codes padded to 4; count + 1 u32 offsets; UTF-8)
 * when it is smaller than every string on its own (u32 rows + 1 offsets; UTF-8), which it is for
 * categories and dates that repeat, not for free text or ids. Hashing every string of an id column
 * into a dictionary that is then thrown away was the import's largest cost on its writer thread
 * (`--cpu-prof`), so a chunk that is still mostly distinct after dictGiveUp strings goes plain at
 * once; its zone's distinct count is then extrapolated, not exact.
 */
function encodeText(cells: readonly Cell[], nulls: number): EncodedChunk {
  const rows = cells.length;
  const codes = new Map<string, number>();
  const uses: number[] = [];
  const perRow = new Uint32Array(rows);
  let seen = 0;
  let gaveUp = false;
  for (let i = 0; i < rows; i++) {
    const v = cells[i];
    if (v === null) continue;
    seen++;
    let code = codes.get(v as string);
    if (code === undefined) {
      code = codes.size;
      if (code >= dictGiveUp && code * 2 > seen) {
        gaveUp = true;
        break;
      }
      codes.set(v as string, code);
      uses.push(0);
    }
    uses[code]!++;
    perRow[i] = code;
  }
  if (gaveUp) return encodePlain(cells, nulls, Math.round((codes.size / seen) * (rows - nulls)));
  return dictOrPlain([...codes.keys()], uses, perRow, nulls, (i) => cells[i] === null, (zone, textBytes) => encodePlain(cells, nulls, zone.distinct, zone, textBytes));
}

/**
 * A dictionary chunk of `dict` (codes per row in `perRow`, how often each is used in `uses`), or
 * what `plain` makes when every string on its own is smaller (ids, free text).
 */
function dictOrPlain(
  dict: readonly string[],
  uses: readonly number[],
  perRow: Uint32Array,
  nulls: number,
  isNull: (i: number) => boolean,
  plain: (zone: ZoneMap, textBytes: number) => EncodedChunk,
): EncodedChunk {
  const rows = perRow.length;
  const lengths = dict.map((t) => Buffer.byteLength(t, 'utf8'));
  const width = dict.length <= 0x100 ? 1 : dict.length <= 0x10000 ? 2 : 4;
  const dictBytes = 8 + ((rows * width + 3) & ~3) + 4 * (dict.length + 1) + sum(lengths);
  let plainText = 0;
  for (let c = 0; c < dict.length; c++) plainText += lengths[c]! * uses[c]!;
  const plainBytes = 4 * (rows + 1) + plainText;
  const zone = textZone(dict, nulls);
  if (dictBytes >= plainBytes) return plain(zone, plainText);
  const b = new ChunkBuilder('dict', rows, nulls, dictBytes);
  b.buf.writeUInt32LE(dict.length, b.payloadAt);
  b.buf.writeUInt32LE(width, b.payloadAt + 4);
  const out = width === 1 ? b.view(Uint8Array, 8, rows) : width === 2 ? b.view(Uint16Array, 8, rows) : b.view(Uint32Array, 8, rows);
  out.set(perRow);
  if (nulls > 0) for (let i = 0; i < rows; i++) if (isNull(i)) b.markNull(i);
  writeStrings(b, 8 + ((rows * width + 3) & ~3), dict, lengths);
  return { encoding: 'dict', bytes: b.buf, zone };
}

/**
 * Encodes a text chunk the import thread dictionary-coded as it went: `codes[i]` indexes `dict`
 * unless `nulls[i]` is 1. The same bytes as encodeChunk for those cells, without a Map here.
 */
export function encodeCodes(dict: readonly string[], codes: Uint32Array, nulls: Uint8Array): EncodedChunk {
  const rows = codes.length;
  if (rows > chunkRows) throw new RangeError(`A chunk holds at most ${chunkRows} rows, not ${rows}.`);
  const uses = new Array<number>(dict.length).fill(0);
  let nullCount = 0;
  for (let i = 0; i < rows; i++) {
    if (nulls[i]) nullCount++;
    else uses[codes[i]!]!++;
  }
  const isNull = (i: number): boolean => nulls[i] === 1;
  return dictOrPlain(dict, uses, codes, nullCount, isNull, (zone, textBytes) => {
    const cells = new Array<Cell>(rows);
    for (let i = 0; i < rows; i++) cells[i] = isNull(i) ? null : dict[codes[i]!]!;
    return encodePlain(cells, nullCount, zone.distinct, zone, textBytes);
  });
}

/**
 * Byte order of two ranges of one buffer, below 0 when the first sorts first. A loop, not
 * Buffer.compare: that call's argument checks cost the writer thread ~15 % of a PostgreSQL import
 * (two calls per value, `--cpu-prof`), and values differ within their first bytes.
 */
function compareBytes(buf: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k++) {
    const d = buf[a + k]! - buf[b + k]!;
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}

/**
 * Encodes a plain text chunk handed over as UTF-8: the non-null values one after another in
 * `bytes`, each `lens[i]` bytes long (0 for a null). How the import thread sends a column that
 * did not pay for a dictionary (ids, free text): one copy, offsets summed from the lengths.
 * `ascii` (every byte below 0x80) lets min and max be found on the bytes, where byte order is
 * JS string order; other text is compared as strings. `distinctShare` (distinct values per
 * value, where the dictionary was given up) estimates the zone's distinct count, as encodeText's.
 */
export function encodeUtf8(bytes: Uint8Array, lens: Int32Array, nulls: Uint8Array, distinctShare: number, ascii: boolean): EncodedChunk {
  const rows = lens.length;
  if (rows > chunkRows) throw new RangeError(`A chunk holds at most ${chunkRows} rows, not ${rows}.`);
  let nullCount = 0;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    nullCount += nulls[i]!;
    total += lens[i]!;
  }
  const b = new ChunkBuilder('utf8', rows, nullCount, 4 * (rows + 1) + total);
  const buf = b.buf;
  const offsets = b.view(Uint32Array, 0, rows + 1);
  const start = b.payloadAt + 4 * (rows + 1);
  buf.set(bytes.subarray(0, total), start);
  let pos = 0;
  // The bytes of the smallest and largest value so far (ASCII: byte order is string order).
  let minFrom = -1;
  let minTo = -1;
  let maxFrom = -1;
  let maxTo = -1;
  let min: string | null = null;
  let max: string | null = null;
  for (let i = 0; i < rows; i++) {
    offsets[i] = pos;
    if (nulls[i]) {
      b.markNull(i);
      continue;
    }
    const from = start + pos;
    const to = from + lens[i]!;
    if (ascii) {
      // The maximum first: in a column that grows (times, sequence ids) that is the one compare a value needs.
      if (minFrom < 0) {
        minFrom = maxFrom = from;
        minTo = maxTo = to;
      } else if (compareBytes(buf, from, to, maxFrom, maxTo) > 0) {
        maxFrom = from;
        maxTo = to;
      } else if (compareBytes(buf, from, to, minFrom, minTo) < 0) {
        minFrom = from;
        minTo = to;
      }
    } else {
      const v = buf.toString('utf8', from, to);
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
    pos += lens[i]!;
  }
  offsets[rows] = pos;
  if (ascii && minFrom >= 0) {
    min = buf.toString('latin1', minFrom, minTo);
    max = buf.toString('latin1', maxFrom, maxTo);
  }
  return { encoding: 'utf8', bytes: buf, zone: { min, max, nulls: nullCount, distinct: Math.round(distinctShare * (rows - nullCount)) } };
}

/**
 * Text as offsets + UTF-8, each string written once: sized by an upper bound (3 bytes per UTF-16
 * unit) unless the caller knows the byte count, then cut to what was written.
 */
function encodePlain(cells: readonly Cell[], nulls: number, distinct: number, zone?: ZoneMap, textBytes?: number): EncodedChunk {
  const rows = cells.length;
  let bound = textBytes;
  let min: string | null = null;
  let max: string | null = null;
  if (bound === undefined || zone === undefined) {
    bound = 0;
    for (let i = 0; i < rows; i++) {
      const v = cells[i] as string | null;
      if (v === null) continue;
      bound += 3 * v.length;
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
  }
  const b = new ChunkBuilder('utf8', rows, nulls, 4 * (rows + 1) + bound);
  const offsets = b.view(Uint32Array, 0, rows + 1);
  const start = b.payloadAt + 4 * (rows + 1);
  let pos = start;
  for (let i = 0; i < rows; i++) {
    const v = cells[i] as string | null;
    offsets[i] = pos - start;
    if (v === null) b.markNull(i);
    else if (v.length > 0) pos += b.buf.write(v, pos, 'utf8');
  }
  offsets[rows] = pos - start;
  return { encoding: 'utf8', bytes: pos === b.buf.length ? b.buf : b.buf.subarray(0, pos), zone: zone ?? { min, max, nulls, distinct } };
}

/** Numbers and text in one chunk: u8 tag per cell (0 null, 1 number, 2 text) padded to 8, the numbers as f64, the strings as offsets + UTF-8. */
function encodeMixed(cells: readonly Cell[], numberCount: number, stringCount: number): EncodedChunk {
  const rows = cells.length;
  const numbers: number[] = [];
  const strings: string[] = [];
  for (const v of cells) {
    if (typeof v === 'number') numbers.push(v);
    else if (typeof v === 'string') strings.push(v);
  }
  const lengths = strings.map((t) => Buffer.byteLength(t, 'utf8'));
  const numbersAt = align8(rows);
  const stringsAt = numbersAt + 8 * numberCount;
  const b = new ChunkBuilder('mixed', rows, 0, stringsAt + 4 * (stringCount + 1) + sum(lengths));
  const tags = b.view(Uint8Array, 0, rows);
  cells.forEach((v, i) => (tags[i] = v === null ? 0 : typeof v === 'number' ? 1 : 2));
  b.view(Float64Array, numbersAt, numberCount).set(numbers);
  writeStrings(b, stringsAt, strings, lengths);
  const nulls = rows - numberCount - stringCount;
  const nz = numberZone(Float64Array.from(numbers), new Uint8Array(numbers.length), 0);
  const tz = textZone([...new Set(strings)], 0);
  // Numbers sort before text, as SQLite orders them.
  return { encoding: 'mixed', bytes: b.buf, zone: { min: nz.min, max: tz.max, nulls, distinct: nz.distinct + tz.distinct } };
}

/** A chunk read back: its cells on demand, or as numbers into a typed array without a Cell in between. */
export interface ChunkView {
  readonly encoding: Encoding;
  readonly rows: number;
  cell(i: number): Cell;
  /** Cells [from, to) as an array. */
  cells(from?: number, to?: number): Cell[];
  /**
   * Writes the chunk's numbers into out[at…] (null → NaN) and returns true; false, writing
   * nothing, when it holds text (the caller converts its cells).
   */
  numbersInto(out: Float64Array, at: number): boolean;
}

/** A typed array over `bytes` at `at`: in place when aligned (SQLite's blobs are their own buffers), else over a copy. */
function typed<T>(Ctor: (new (b: ArrayBuffer, o: number, n: number) => T) & { BYTES_PER_ELEMENT: number }, bytes: Buffer, at: number, length: number): T {
  const offset = bytes.byteOffset + at;
  if (offset % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer as ArrayBuffer, offset, length);
  const copy = new Uint8Array(length * Ctor.BYTES_PER_ELEMENT);
  copy.set(bytes.subarray(at, at + copy.length));
  return new Ctor(copy.buffer, 0, length);
}

/** Reads the strings written by writeStrings. */
function stringReader(bytes: Buffer, at: number, count: number): (k: number) => string {
  const offsets = typed(Uint32Array, bytes, at, count + 1);
  const base = at + 4 * (count + 1);
  return (k) => bytes.toString('utf8', base + offsets[k]!, base + offsets[k + 1]!);
}

/** Decodes a chunk's bytes (those encodeChunk made; anything else is refused by its first byte). */
export function decodeChunk(bytes: Buffer): ChunkView {
  const encoding = encodingByTag.get(bytes.readUInt8(0));
  if (!encoding) throw new Error(`Not a column chunk: encoding byte ${bytes.readUInt8(0)}.`);
  const rows = bytes.readUInt32LE(4);
  const hasNulls = (bytes.readUInt8(1) & 1) === 1;
  const p = headerBytes + (hasNulls ? bitmapBytes(rows) : 0);
  const isNull = hasNulls ? (i: number): boolean => ((bytes[headerBytes + (i >> 3)]! >> (i & 7)) & 1) === 1 : (): boolean => false;
  const numberArray = encoding === 'int32' ? typed(Int32Array, bytes, p, rows) : encoding === 'float64' ? typed(Float64Array, bytes, p, rows) : null;
  let cell: (i: number) => Cell;
  if (encoding === 'null') cell = () => null;
  else if (numberArray) cell = (i) => (isNull(i) ? null : numberArray[i]!);
  else if (encoding === 'bool') cell = (i) => (isNull(i) ? null : (bytes[p + (i >> 3)]! >> (i & 7)) & 1);
  else if (encoding === 'dict') {
    const count = bytes.readUInt32LE(p);
    const width = bytes.readUInt32LE(p + 4);
    const codes = width === 1 ? typed(Uint8Array, bytes, p + 8, rows) : width === 2 ? typed(Uint16Array, bytes, p + 8, rows) : typed(Uint32Array, bytes, p + 8, rows);
    const read = stringReader(bytes, p + 8 + ((rows * width + 3) & ~3), count);
    const dict = Array.from({ length: count }, (_, k) => read(k));
    cell = (i) => (isNull(i) ? null : dict[codes[i]!]!);
  } else if (encoding === 'utf8') {
    const read = stringReader(bytes, p, rows);
    cell = (i) => (isNull(i) ? null : read(i));
  } else cell = mixedCells(bytes, p, rows);
  return {
    encoding,
    rows,
    cell,
    cells: (from = 0, to = rows) => {
      const out = new Array<Cell>(Math.max(0, Math.min(to, rows) - from));
      for (let i = 0; i < out.length; i++) out[i] = cell(from + i);
      return out;
    },
    numbersInto: (out, at) => {
      if (encoding === 'dict' || encoding === 'utf8' || encoding === 'mixed') return false;
      if (numberArray) out.set(numberArray, at);
      else for (let i = 0; i < rows; i++) out[at + i] = encoding === 'null' ? NaN : (cell(i) as number);
      if (hasNulls) for (let i = 0; i < rows; i++) if (isNull(i)) out[at + i] = NaN;
      return true;
    },
  };
}

/** A mixed chunk's cells, each found by counting its kind's tags before it once, up front. */
function mixedCells(bytes: Buffer, p: number, rows: number): (i: number) => Cell {
  const tags = typed(Uint8Array, bytes, p, rows);
  const index = new Uint32Array(rows);
  let numbers = 0;
  let strings = 0;
  for (let i = 0; i < rows; i++) index[i] = tags[i] === 1 ? numbers++ : tags[i] === 2 ? strings++ : 0;
  const values = typed(Float64Array, bytes, p + align8(rows), numbers);
  const read = stringReader(bytes, p + align8(rows) + 8 * numbers, strings);
  return (i) => (tags[i] === 0 ? null : tags[i] === 1 ? values[index[i]!]! : read(index[i]!));
}
