/**
 * CsvParser (ml/csv-parser.ts) over UTF-8 bytes instead of text: the same records, broken lines
 * and reasons, but a record is handed on as its fields' byte ranges, so a reader can convert them
 * without a string per field. Delimiter, quote, CR and LF are single ASCII bytes, and no byte of a
 * multibyte UTF-8 character is ASCII, so scanning bytes finds the same boundaries as scanning text;
 * a record is only handed on once all its bytes are read, so a chunk may end anywhere, inside a
 * quoted field or a character. Record lengths are compared in UTF-16 code units, as CsvParser's.
 */

const LF = 10;
const CR = 13;

/** Where the fields of the record being handed on lie in `buf`. */
export interface ScannedRecord {
  readonly buf: Buffer;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 where a quoted field holds doubled quotes: its bytes still need unescaping (fieldText). */
  readonly escaped: Uint8Array;
}

export interface ScanHandler {
  record(r: ScannedRecord): void;
  /** A physical line that cannot be read as a record, buf[start…end), and why (CsvParser's reasons). */
  broken(buf: Buffer, start: number, end: number, why: string): void;
}

export class CsvScanner implements ScannedRecord {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  escaped = new Uint8Array(64);
  private rest: Buffer | null = null;
  private readonly d: number;
  private readonly q: number;
  private readonly quotePair: string;
  private readonly quote: string;

  constructor(
    delimiter: string,
    quote: string,
    private readonly maxRecordChars = 1 << 20,
  ) {
    this.d = delimiter.charCodeAt(0);
    this.q = quote.charCodeAt(0);
    this.quote = quote;
    this.quotePair = quote + quote;
  }

  push(chunk: Buffer, on: ScanHandler): void {
    const rest = this.rest;
    this.rest = null;
    if (rest === null) {
      this.parse(chunk, false, on);
      return;
    }
    // The record cut by the chunk boundary is finished on a copy of its two parts up to the chunk's
    // first line end, and the chunk read in place after it: copying each 1 MB chunk behind the
    // cut record cost the import thread ~4 % (Buffer.concat, --cpu-prof).
    const nl = chunk.indexOf(LF);
    if (nl === -1 || nl + 1 === chunk.length) {
      this.parse(Buffer.concat([rest, chunk]), false, on);
      return;
    }
    this.parse(Buffer.concat([rest, chunk.subarray(0, nl + 1)]), false, on);
    const after = chunk.subarray(nl + 1);
    // Still open (a quoted field holding that line end): the whole chunk goes behind it after all.
    // (Only a record over maxRecordChars can read differently for this split, as it can in CsvParser
    // for where a read chunk ends: both then refuse it or quarantine its first line.)
    const open = this.rest as Buffer | null;
    this.rest = null;
    this.parse(open ? Buffer.concat([open, after]) : after, false, on);
  }

  /** The bytes of the record not finished yet (for a reader that goes on with CsvParser instead). */
  takeRest(): Buffer | null {
    const rest = this.rest;
    this.rest = null;
    return rest;
  }

  end(on: ScanHandler): void {
    const rest = this.rest;
    this.rest = null;
    if (rest && rest.length > 0) this.parse(rest, true, on);
  }

  /** Field i of the record as text, unescaped. */
  fieldText(i: number): string {
    const s = this.buf.toString('utf8', this.starts[i], this.ends[i]);
    return this.escaped[i] ? s.replaceAll(this.quotePair, this.quote) : s;
  }

  /** Every field of the record as text. */
  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.fieldText(i);
    return out;
  }

  private tooLong(): Error {
    return new Error(`a record longer than ${this.maxRecordChars.toLocaleString('en-US')} characters`);
  }

  /** Whether buf[start…end) is longer than maxRecordChars UTF-16 code units (bytes are never fewer, so only then is it decoded). */
  private longer(buf: Buffer, start: number, end: number): boolean {
    return end - start > this.maxRecordChars && buf.toString('utf8', start, end).length > this.maxRecordChars;
  }

  private keep(buf: Buffer, from: number): void {
    // A copy: the chunk it came from can be freed.
    this.rest = Buffer.from(buf.subarray(from));
  }

  private field(start: number, end: number, escaped: boolean): void {
    const i = this.count;
    if (i === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, new Int32Array(i * 2));
      this.ends = grow(this.ends, new Int32Array(i * 2));
      this.escaped = grow(this.escaped, new Uint8Array(i * 2));
    }
    this.starts[i] = start;
    this.ends[i] = end;
    this.escaped[i] = escaped ? 1 : 0;
    this.count = i + 1;
  }

  /** CsvParser.brokenLine over bytes. */
  private brokenLine(buf: Buffer, rowStart: number, from: number, final: boolean, why: string, on: ScanHandler): number {
    const nl = buf.indexOf(LF, from);
    if (nl === -1 && !final) {
      if (this.longer(buf, rowStart, buf.length)) throw this.tooLong();
      this.keep(buf, rowStart);
      return -1;
    }
    const end = nl === -1 ? buf.length : nl > from && buf[nl - 1] === CR ? nl - 1 : nl;
    on.broken(buf, rowStart, end, why);
    return nl === -1 ? buf.length : nl + 1;
  }

  /** A one-field record that CsvParser skips as a blank line (its text trims to nothing). */
  private blank(): boolean {
    const buf = this.buf;
    const start = this.starts[0]!;
    const end = this.ends[0]!;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b === 32 || (b >= 9 && b <= 13)) continue;
      // Other white space (NBSP, U+2028…) is not ASCII: let trim() decide.
      return b >= 0x80 && this.fieldText(0).trim() === '';
    }
    return true;
  }

  private parse(buf: Buffer, final: boolean, on: ScanHandler): void {
    this.buf = buf;
    const len = buf.length;
    const { d, q } = this;
    let pos = 0;
    rows: while (pos < len) {
      const rowStart = pos;
      this.count = 0;
      for (;;) {
        if (buf[pos] === q) {
          let seg = pos + 1;
          let closed = -1;
          let escaped = false;
          for (;;) {
            const k = buf.indexOf(q, seg);
            if (k === -1 || (k + 1 >= len && !final)) break;
            if (buf[k + 1] === q) {
              escaped = true;
              seg = k + 2;
              continue;
            }
            closed = k;
            break;
          }
          if (closed === -1) {
            if (!final && !this.longer(buf, rowStart, len)) {
              this.keep(buf, rowStart);
              return;
            }
            pos = this.brokenLine(buf, rowStart, rowStart, final, 'malformed quotes: a quote opened on this line is never closed', on);
            if (pos === -1) return;
            continue rows;
          }
          const after = closed + 1;
          const c = after < len ? buf[after]! : -1;
          // A CR last in the chunk: whether an LF follows is not known yet.
          if (c === CR && after + 1 >= len && !final) {
            this.keep(buf, rowStart);
            return;
          }
          // A CR last in the text ends the line, as it does after an unquoted field.
          if (after >= len || c === LF || (c === CR && (after + 1 >= len || buf[after + 1] === LF))) {
            this.field(pos + 1, closed, escaped);
            pos = after >= len ? len : c === LF ? after + 1 : after + 2;
            break;
          }
          if (c === d) {
            this.field(pos + 1, closed, escaped);
            pos = after + 1;
            continue;
          }
          pos = this.brokenLine(buf, rowStart, after, final, 'malformed quotes: text follows a closing quote', on);
          if (pos === -1) return;
          continue rows;
        }
        let j = pos;
        let c = 0;
        for (; j < len; j++) {
          c = buf[j]!;
          if (c === d || c === LF) break;
        }
        if (j >= len && !final) {
          if (this.longer(buf, rowStart, len)) throw this.tooLong();
          this.keep(buf, rowStart);
          return;
        }
        if (j < len && c === d) {
          this.field(pos, j, false);
          pos = j + 1;
          continue;
        }
        // End of line (or of the text): drop a CR before the LF.
        const end = j > pos && buf[j - 1] === CR ? j - 1 : j;
        this.field(pos, end, false);
        pos = j + 1;
        break;
      }
      if (this.count === 1 && this.blank()) continue;
      on.record(this);
    }
  }
}
