/**
 * Rows of a `COPY … TO STDOUT (FORMAT binary)` stream. Binary COPY spares PostgreSQL's text
 * output and our parse of every number, and a row costs no message object: the pg-import
 * bench went from 5.3 s with a cursor's text rows to 3.9–4.6 s. Text fields arrive in the
 * client encoding, which pg sets to UTF-8.
 * Only types whose binary form is simple are decoded here; the COPY statement casts every
 * other column to text (see copyColumnSql), so values equal what the text protocol gives.
 */
import type { DirectRowSink, SourceValue } from '../writer';

type Decode = (buf: Buffer, start: number, end: number) => SourceValue;

/**
 * How pushInto hands a column's values on: by a switch, so a number costs no decoder closure and no
 * convertCell (both showed in `--cpu-prof` of a 1M-row import; docs/figures.md, stop 26). OTHER: the
 * column's decoder, then value().
 */
const OTHER = 0;
const TEXT = 1;
const INT2 = 2;
const INT4 = 3;
const OID = 4;
const FLOAT8 = 5;
const INT8 = 6;

const decodeText: Decode = (buf, start, end) => buf.toString('utf8', start, end);
const textColumn = [decodeText, TEXT] as const;
/** OID → its decoder (the row path, the watermark) and its lane in pushInto. */
const decoders = new Map<number, readonly [Decode, number]>([
  [16, [(buf, start) => buf[start] !== 0, OTHER]],
  [21, [(buf, start) => buf.readInt16BE(start), INT2]],
  [23, [(buf, start) => buf.readInt32BE(start), INT4]],
  [26, [(buf, start) => buf.readUInt32BE(start), OID]],
  [701, [(buf, start) => buf.readDoubleBE(start), FLOAT8]],
  [
    20,
    [
      // int8 beyond 2^53 stays exact, as a bigint (the writer keeps it as text).
      (buf, start) => {
        const n = buf.readInt32BE(start) * 0x100000000 + buf.readUInt32BE(start + 4);
        return Number.isSafeInteger(n) ? n : buf.readBigInt64BE(start);
      },
      INT8,
    ],
  ],
  // Their binary form is their text: no cast needed (a cast would strip bpchar's padding).
  [25, textColumn],
  [1043, textColumn],
  [1042, textColumn],
  [19, textColumn],
  [114, textColumn],
]);

/** The COPY select list's entry for a column: as it is when decoded here, else cast to its text form. */
export function copyColumnSql(oid: number, ref: string): string {
  return decoders.has(oid) ? ref : `${ref}::text`;
}

const signature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A big-endian int32 at p: inlined byte loads, without readInt32BE's argument checks. */
function int32(buf: Buffer, p: number): number {
  return (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
}

export class PgBinaryRows {
  private readonly decode: readonly Decode[];
  /** Per column: TEXT (UTF-8: its own binary form, or cast to text by the COPY), a number type's lane, or OTHER. */
  private readonly lanes: Int32Array;
  private pending: Buffer | null = null;
  private headerDone = false;
  private ended = false;
  /** Where the last non-null watermark value is (decoded only when asked: pushInto sees it per row). */
  private wmBuf: Buffer | null = null;
  private wmStart = 0;
  private wmEnd = 0;
  private wmColumn = -1;
  private viewBuf: Buffer | null = null;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** pushInto: rows handed to the sink so far. */
  rowsDecoded = 0;
  /** Set by begin(): the bytes to decode and where they end. */
  private buf: Buffer = Buffer.alloc(0);
  private end = 0;

  /** `oids`: each column's type in the source; those copyColumnSql cast arrive as text. */
  constructor(oids: readonly number[]) {
    const columns = oids.map((oid) => decoders.get(oid) ?? textColumn);
    this.decode = columns.map(([decode]) => decode);
    this.lanes = Int32Array.from(columns, ([, lane]) => lane);
  }

  /**
   * A DataView of `buf`, made once per socket read (pushInto is called per row): getFloat64 is
   * inlined where readDoubleBE is a call.
   */
  private viewOf(buf: Buffer): DataView<ArrayBufferLike> {
    if (this.viewBuf !== buf) {
      this.viewBuf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return this.view;
  }

  /** True once the trailer was read. */
  get done(): boolean {
    return this.ended;
  }

  /** pushInto: the last non-null value of the watermark column so far. */
  get watermark(): SourceValue {
    return this.wmBuf === null ? null : this.decode[this.wmColumn]!(this.wmBuf, this.wmStart, this.wmEnd);
  }

  /**
   * Sets this.buf/this.end to the bytes to decode (what was left before, then chunk[start…end))
   * and returns where the rows start; -1 while the header is incomplete. Without a leftover the
   * chunk is decoded where it is: PostgreSQL sends a row per CopyData message, so most calls
   * hand over exactly one whole row.
   */
  private begin(chunk: Buffer, start: number, end: number): number {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk.subarray(start, end)]);
      start = 0;
      end = buf.length;
      this.pending = null;
    }
    this.buf = buf;
    this.end = end;
    if (this.headerDone) return start;
    if (end - start < 19) {
      this.keepRest(start);
      return -1;
    }
    if (!buf.subarray(start, start + 11).equals(signature)) throw new Error('The COPY stream is not in PostgreSQL binary format.');
    const extension = buf.readUInt32BE(start + 15);
    if (end - start < 19 + extension) {
      this.keepRest(start);
      return -1;
    }
    this.headerDone = true;
    return start + 19 + extension;
  }

  /** Keeps the bytes from `pos` on (a row not yet whole) for the next chunk. */
  private keepRest(pos: number): void {
    // A copy, so the chunk it came from can be freed.
    if (pos < this.end) this.pending = Buffer.from(this.buf.subarray(pos, this.end));
  }

  /**
   * Decodes every whole row in chunk[start…end) (after what was left of the previous one) straight
   * into `sink`: numbers and booleans as values, text as its UTF-8 bytes, with no row array or
   * string per value. `watermarkColumn` (or -1): its last non-null value is kept for `watermark`.
   */
  pushInto(chunk: Buffer, sink: DirectRowSink, watermarkColumn: number, start = 0, end = chunk.length): void {
    let pos = this.begin(chunk, start, end);
    if (pos < 0) return;
    const buf = this.buf;
    const len = this.end;
    const width = this.decode.length;
    const lanes = this.lanes;
    const view = this.viewOf(buf);
    this.wmColumn = watermarkColumn;
    while (pos + 2 <= len) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.ended = true;
        return;
      }
      if (fields !== width) throw new Error(`A COPY row has ${fields} fields, expected ${width}.`);
      // A row goes to the sink only when it is whole: first walk its field lengths.
      let p = pos + 2;
      let i = 0;
      for (; i < width && p + 4 <= len; i++) {
        const n = int32(buf, p);
        p += 4 + (n > 0 ? n : 0);
        if (p > len) break;
      }
      if (i < width || p > len) break;
      p = pos + 2;
      for (let c = 0; c < width; c++) {
        const n = int32(buf, p);
        p += 4;
        if (n < 0) {
          sink.value(c, null);
          continue;
        }
        switch (lanes[c]) {
          case TEXT:
            sink.text(c, buf, p, p + n);
            break;
          case INT4:
            sink.number(c, int32(buf, p));
            break;
          case INT2:
            sink.number(c, ((buf[p]! << 24) >> 16) | buf[p + 1]!);
            break;
          case OID:
            sink.number(c, int32(buf, p) >>> 0);
            break;
          case FLOAT8:
            sink.number(c, view.getFloat64(p));
            break;
          case INT8: {
            const v = int32(buf, p) * 0x100000000 + (int32(buf, p + 4) >>> 0);
            if (Number.isSafeInteger(v)) sink.number(c, v);
            else sink.value(c, buf.readBigInt64BE(p));
            break;
          }
          default:
            sink.value(c, this.decode[c]!(buf, p, p + n));
        }
        if (c === watermarkColumn) {
          this.wmBuf = buf;
          this.wmStart = p;
          this.wmEnd = p + n;
        }
        p += n;
      }
      sink.commitRow();
      this.rowsDecoded++;
      pos = p;
    }
    this.keepRest(pos);
  }

  /** Decodes every whole row in chunk[start…end) (after what was left of the previous one) into `out`. */
  push(chunk: Buffer, out: SourceValue[][], start = 0, end = chunk.length): void {
    let pos = this.begin(chunk, start, end);
    if (pos < 0) return;
    const buf = this.buf;
    const len = this.end;
    const width = this.decode.length;
    while (pos + 2 <= len) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.ended = true;
        return;
      }
      if (fields !== width) throw new Error(`A COPY row has ${fields} fields, expected ${width}.`);
      // A row is decoded only when it is whole; otherwise it waits for the next chunk.
      const row: SourceValue[] = new Array<SourceValue>(width);
      let p = pos + 2;
      let whole = true;
      for (let i = 0; i < width; i++) {
        if (p + 4 > len) {
          whole = false;
          break;
        }
        const n = buf.readInt32BE(p);
        p += 4;
        if (n < 0) {
          row[i] = null;
          continue;
        }
        if (p + n > len) {
          whole = false;
          break;
        }
        row[i] = this.decode[i]!(buf, p, p + n);
        p += n;
      }
      if (!whole) break;
      out.push(row);
      pos = p;
    }
    this.keepRest(pos);
  }
}
