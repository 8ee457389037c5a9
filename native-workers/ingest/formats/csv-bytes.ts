/**
 * The byte-level CSV reader: the common case of a file import (UTF-8 or ASCII, one-byte delimiter
 * and quote) read without a string per field. Until the writer has begun (the first rows infer the
 * types) records go to the sink as text, exactly as readCsv hands them; from then on, where the
 * writer takes values directly (DatasetWriter.direct: column chunks on the writer thread, no row
 * stages, no strict types), each field goes from the read chunk's bytes into the column chunks:
 * plain integers and decimals parsed from bytes, text and categories dictionary-coded by their
 * bytes, dates and booleans converted once per distinct value. Anything else a field may hold
 * (missing-value tokens, padding, exponents, long mantissas, doubled quotes) is converted from its
 * text by the writer's own conversion, so every stored value, widened type and quarantined record
 * is the one readCsv would give (csv-bytes.test.ts imports the same files both ways).
 */
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { mayBeMissing, missingTokens } from '../../ml/infer';
import type { CsvDialect } from '../../ml/csv-dialect';
import { CsvParser } from '../../ml/csv-parser';
import { ByteDict } from '../../runtime/byte-dict';
import type { DirectCellSink } from '../writer';
import { CsvFeed, recordTooLong } from './csv-feed';
import { CsvScanner, type ScanHandler, type ScannedRecord } from './csv-scan';
import type { RecordSink } from './sink';
import { maxLineBytes } from './text-checks';

/** Whether a dialect can be read as bytes: delimiter and quote one ASCII byte each, neither a line break. */
export function byteDialect(dialect: CsvDialect): boolean {
  const one = (s: string): boolean => s.length === 1 && s.charCodeAt(0) < 0x80 && s !== '\n' && s !== '\r';
  return one(dialect.delimiter) && one(dialect.quote) && dialect.delimiter !== dialect.quote;
}

/**
 * How read chunks become records: scanned here, as each chunk is read (CsvScanner), or already
 * scanned by the scan thread (csv-scan-ahead.ts), which hands each chunk on with its records.
 */
export interface RecordSource<C> {
  /** Hands on the records `chunk` finishes (null: the end of the text). */
  scan(chunk: C | null, on: ScanHandler): void;
  /** On the switch to CsvParser, before `chunk`: the bytes of the record left unfinished before it. */
  restBefore(chunk: C | null): Buffer | null;
  /** The chunk's bytes as read (after restBefore: the rest is not in them). */
  bytes(chunk: C): Buffer;
}

/** Chunks scanned as they are read. */
function scannedHere(dialect: CsvDialect): RecordSource<Buffer> {
  const scanner = new CsvScanner(dialect.delimiter, dialect.quote, maxLineBytes);
  return {
    scan: (chunk, on) => (chunk === null ? scanner.end(on) : scanner.push(chunk, on)),
    restBefore: () => scanner.takeRest(),
    bytes: (chunk) => chunk,
  };
}

/**
 * Streams a UTF-8 file's bytes (already checked as UTF-8: openText with `bytes`) into a sink. The
 * sink's `directRows()` is asked once per read chunk (it also checks for a cancel). Where the writer
 * has begun but takes rows only (stages, strict types, row storage), the rest of the file goes
 * through CsvParser as readCsv reads it: a string per field from the bytes costs more than slicing
 * a decoded chunk.
 */
export function readCsvBytes(chunks: Iterable<Buffer> | AsyncIterable<Buffer> | Readable, dialect: CsvDialect, sink: RecordSink, fileName: string, onChunk: () => void): Promise<void> {
  return readCsvRecords(chunks as AsyncIterable<Buffer>, scannedHere(dialect), dialect, sink, fileName, onChunk);
}

/** readCsvBytes over chunks whose records `source` finds. */
export async function readCsvRecords<C>(chunks: Iterable<C> | AsyncIterable<C>, source: RecordSource<C>, dialect: CsvDialect, sink: RecordSink, fileName: string, onChunk: () => void): Promise<void> {
  const feed = new CsvFeed(dialect, sink, fileName);
  const asText: ScanHandler = {
    record: (r) => feed.onRow(r.fields(), null, null),
    // Stryker disable next-line ArrayDeclaration: a broken line's fields are never read (CsvFeed.push stores a placeholder)
    broken: (buf, start, end, why) => feed.onRow([], why, buf.toString('utf8', start, end)),
  };
  let direct: DirectRecords | null = null;
  let text: TextRest | null = null;
  /** Reads one chunk (or the end, `chunk` null) the way the sink takes it now. */
  const read = (chunk: C | null): void => {
    if (text === null && direct === null && feed.hasColumns && sink.started) {
      // Stryker disable next-line OptionalChaining: every sink that says `started` has directRows
      const target = sink.directRows?.() ?? null;
      if (target) direct = new DirectRecords(target, feed);
      else text = new TextRest(dialect, source.restBefore(chunk));
    // Stryker disable next-line OptionalChaining: as above
    } else if (direct !== null) sink.directRows?.();
    if (text !== null) text.read(chunk === null ? null : source.bytes(chunk), feed);
    else source.scan(chunk, direct ?? asText);
  };
  try {
    for await (const chunk of chunks as AsyncIterable<C>) {
      if (sink.full) break;
      read(chunk);
      feed.flush();
      onChunk();
    }
    // Stryker disable next-line ConditionalExpression: a full sink takes no more rows, so reading the last record into it changes nothing
    if (!sink.full) read(null);
    feed.finish();
  } catch (err) {
    throw recordTooLong(err, fileName);
  }
}

/** The rest of a file read as readCsv reads it: chunks decoded as openText decodes them (ASCII as Latin-1), parsed by CsvParser. */
class TextRest {
  private readonly parser: CsvParser;
  private readonly decoder = new TextDecoder('utf-8');
  /** Whether the decoder holds no character begun in an earlier chunk (see openText). */
  // Stryker disable next-line BooleanLiteral: decoding ASCII as UTF-8 gives the same text (Latin-1 is only faster)
  private lastAscii = true;

  constructor(
    dialect: CsvDialect,
    /** The scanner's unfinished record, read before the next chunk. */
    private rest: Buffer | null,
  ) {
    this.parser = new CsvParser(dialect.delimiter, dialect.quote, maxLineBytes);
  }

  read(chunk: Buffer | null, feed: CsvFeed): void {
    if (this.rest !== null) {
      const rest = this.rest;
      this.rest = null;
      this.read(rest, feed);
    }
    if (chunk === null) {
      const tail = this.decoder.decode();
      // Stryker disable next-line ConditionalExpression,EqualityOperator: pushing no text parses nothing
      if (tail.length > 0) this.parser.push(tail, feed.onRow);
      this.parser.end(feed.onRow);
      return;
    }
    const ascii = isAscii(chunk);
    // Stryker disable next-line ConditionalExpression: the same text either way (Latin-1 is only faster)
    this.parser.push(ascii && this.lastAscii ? chunk.toString('latin1') : this.decoder.decode(chunk, { stream: true }), feed.onRow);
    this.lastAscii = ascii;
  }
}

const pow10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A plain decimal (optional sign, digits, at most one point, a digit somewhere) as Number() reads
 * it, or NaN where that is not sure to be exact: at most 15 digits (so at most 15 after the point),
 * so the mantissa and the power of ten are exact doubles and one division rounds correctly
 * (Clinger's fast path); longer ones are read by Number() itself. `integer`: no point allowed.
 */
export function plainNumber(buf: Buffer, start: number, end: number, integer: boolean): number {
  let i = start;
  const c0 = buf[i];
  if (c0 === 45 || c0 === 43) i++;
  let digits = 0;
  let point = -1;
  let m = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
    } else if (d === -2 && point === -1 && !integer) point = i;
    else return NaN;
  }
  if (digits === 0) return NaN;
  if (digits > 15) return integer ? NaN : Number(buf.toString('latin1', start, end));
  // Dividing by 10^0 = 1 is exact: no branch for integers.
  const x = m / pow10[point === -1 ? 0 : end - point - 1]!;
  return c0 === 45 ? -x : x;
}

/** An id that converts to a number (isCanonicalInteger in ml/infer.ts): "0", or 1–15 digits without a leading zero or sign; else NaN. */
function canonicalInteger(buf: Buffer, start: number, end: number): number {
  const first = buf[start]!;
  if (end - start === 1 && first === 48) return 0;
  if (end - start > 15 || first < 49 || first > 57) return NaN;
  return plainNumber(buf, start, end, true);
}

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 13 || b === 10;
}

/**
 * Up to 4 bytes, ASCII letters lower-cased, and their count, as one number (no string): how missing
 * tokens are looked up. Each byte is one base-256 digit, so two such keys are equal only for the
 * same bytes in any case; a byte ≥ 0x80 is in no token, so text holding one matches none.
 */
function tokenKey(buf: Uint8Array, start: number, end: number): number {
  let key = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    // Stryker disable next-line EqualityOperator: no missing token holds a "z", the one letter `b < 90` would leave as is.
    key = key * 256 + (b >= 65 && b <= 90 ? b + 32 : b);
  }
  return key * 8 + (end - start);
}

const tokenLength = Math.max(...[...missingTokens].map((t) => t.length));
const tokenKeys = new Set([...missingTokens].map((t) => tokenKey(Buffer.from(t), 0, t.length)));

/**
 * What isMissing (ml/infer.ts) says of text that is not padded (its first and last bytes are no
 * space): whether it is a missing token in any case.
 */
function missingToken(buf: Uint8Array, start: number, end: number): boolean {
  // Stryker disable next-line ConditionalExpression: at its one call mayBeMissing has bounded the length already; longer keys would not be exact.
  if (end - start > tokenLength) return false;
  return tokenKeys.has(tokenKey(buf, start, end));
}

/** Cells already converted for one column's values, found by their bytes; valid while the column's type stays. */
class CellMemo {
  private readonly keys = new ByteDict();
  // Stryker disable next-line ArrayDeclaration: a cell's index is the array's length when it is added, whatever the array held first
  private cells: Cell[] = [];
  type: ColumnType | null = null;

  get(buf: Uint8Array, start: number, end: number, type: ColumnType): Cell | undefined {
    if (type !== this.type) {
      this.keys.clear();
      // Stryker disable next-line ArrayDeclaration: as above
      this.cells = [];
      this.type = type;
      return undefined;
    }
    const k = this.keys.find(buf, start, end);
    // Stryker disable next-line ConditionalExpression: cells[-1] is undefined too; the check keeps V8 from looking "-1" up as a property
    return k < 0 ? undefined : this.cells[k];
  }

  put(buf: Uint8Array, start: number, end: number, type: ColumnType, cell: Cell): void {
    // A widened column converts differently from now on (today a column widens from a date or boolean to text only,
    // which this memo never sees: no test can tell `false` here).
    // Stryker disable next-line ConditionalExpression: see above
    if (type !== this.type) return;
    // A column of mostly distinct values is not worth caching.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only caps memory; no value changes
    if (this.cells.length >= 65_536) return;
    this.keys.add(buf, start, end, this.cells.length);
    this.cells.push(cell);
  }
}

/** Records written field by field into the writer's column chunks (see the file's comment). */
class DirectRecords implements ScanHandler {
  private readonly memos: CellMemo[];

  constructor(
    private readonly out: DirectCellSink,
    private readonly feed: CsvFeed,
  ) {
    this.memos = out.types.map(() => new CellMemo());
  }

  record(r: ScannedRecord): void {
    const width = this.feed.width;
    if (r.count !== width) {
      const fields = r.fields();
      this.out.broken(this.feed.unparse(fields), `expected ${width} fields, found ${r.count}`, fields);
      return;
    }
    const { buf, ints } = r;
    for (let c = 0, k = r.at; c < width; c++, k += 2) {
      const end = ints[k + 1]!;
      // Doubled quotes (end stored negative) need unescaping: the slow path.
      if (end < 0) this.slow(r, c);
      else this.field(r, c, buf, ints[k]!, end);
    }
    this.out.commitRow();
  }

  broken(buf: Buffer, start: number, end: number, why: string): void {
    this.out.broken(buf.toString('utf8', start, end), why, new Array<string>(this.feed.width).fill(''));
  }

  private field(r: ScannedRecord, c: number, buf: Buffer, s: number, e: number): void {
    const out = this.out;
    // The empty field is missing whatever the type.
    if (s === e) {
      out.set(c, null);
      return;
    }
    const type = out.types[c]!;
    switch (type) {
      case 'integer':
      case 'number': {
        const x = plainNumber(buf, s, e, type === 'integer');
        if (Number.isNaN(x)) break;
        out.set(c, x);
        return;
      }
      case 'id':
      case 'text':
      case 'categorical': {
        const x = type === 'id' ? canonicalInteger(buf, s, e) : NaN;
        if (!Number.isNaN(x)) out.set(c, x);
        // Padded values take the slow path: an id is stored trimmed, and padding may hide a missing token.
        else if (isSpace(buf[s]!) || isSpace(buf[e - 1]!)) break;
        // Stryker disable next-line ArithmeticOperator: the last byte is no space here, so mayBeMissing reads only the first and the length
        else if (mayBeMissing(buf[s]!, buf[e - 1]!, e - s) && missingToken(buf, s, e)) out.set(c, null);
        else out.bytes(c, buf, s, e);
        return;
      }
      default: {
        // Dates and booleans: few distinct values, each converted once.
        const memo = this.memos[c]!;
        const hit = memo.get(buf, s, e, type);
        if (hit !== undefined) {
          out.set(c, hit);
          return;
        }
        const cell = out.cell(c, buf.toString('utf8', s, e));
        memo.put(buf, s, e, out.types[c]!, cell);
        out.set(c, cell);
        return;
      }
    }
    this.slow(r, c);
  }

  /** Converted from its text by the writer (missing tokens, padding, exponents, doubled quotes…). */
  private slow(r: ScannedRecord, c: number): void {
    this.out.set(c, this.out.cell(c, r.fieldText(c)));
  }
}
