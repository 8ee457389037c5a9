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

/**
 * Where the fields of the record being handed on lie in `buf`: field i starts at ints[at + 2i] and
 * ends at ints[at + 2i + 1], stored as -(end + 1) where a quoted field holds doubled quotes (its
 * bytes still need unescaping: fieldText). The scan thread's index holds records in the same form
 * (scan-index.ts), so a record read from it is a view, not a copy.
 */
export interface ScannedRecord {
  readonly buf: Buffer;
  readonly count: number;
  readonly ints: Int32Array;
  readonly at: number;
  /** Field i as text, unescaped. */
  fieldText(i: number): string;
  /** Every field as text. */
  fields(): string[];
}

/** A record's fields in `buf`, as a scanner fills them (here, or a view of the scan thread's index: scan-index.ts). */
export class RecordFields implements ScannedRecord {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  ints: Int32Array = new Int32Array(128);
  at = 0;
  private readonly quotePair: string;

  constructor(private readonly quote: string) {
    this.quotePair = quote + quote;
  }

  fieldText(i: number): string {
    const end = this.ints[this.at + 2 * i + 1]!;
    const s = this.buf.toString('utf8', this.ints[this.at + 2 * i], end < 0 ? -end - 1 : end);
    return end < 0 ? s.replaceAll(this.quotePair, this.quote) : s;
  }

  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.fieldText(i);
    return out;
  }
}

export interface ScanHandler {
  record(r: ScannedRecord): void;
  /** A physical line that cannot be read as a record, buf[start…end), and why (CsvParser's reasons). */
  broken(buf: Buffer, start: number, end: number, why: string): void;
}

export class CsvScanner extends RecordFields {
  private rest: Buffer | null = null;
  private readonly d: number;
  private readonly q: number;

  constructor(
    delimiter: string,
    quote: string,
    private readonly maxRecordChars = 1 << 20,
  ) {
    super(quote);
    this.d = delimiter.charCodeAt(0);
    this.q = quote.charCodeAt(0);
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

  /**
   * The text's last bytes, read in place (the scan thread's last slot: records are handed on as
   * ranges of `chunk` itself); nothing may be left unfinished from an earlier push.
   */
  pushLast(chunk: Buffer, on: ScanHandler): void {
    if (this.rest !== null) throw new Error('pushLast after an unfinished record: takeRest() first');
    this.parse(chunk, true, on);
  }

  end(on: ScanHandler): void {
    const rest = this.rest;
    this.rest = null;
    if (rest && rest.length > 0) this.parse(rest, true, on);
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
    const k = 2 * this.count;
    if (k === this.ints.length) {
      const grown = new Int32Array(2 * k);
      grown.set(this.ints);
      this.ints = grown;
    }
    this.ints[k] = start;
    this.ints[k + 1] = escaped ? -end - 1 : end;
    this.count++;
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
    const start = this.ints[0]!;
    const stored = this.ints[1]!;
    const end = stored < 0 ? -stored - 1 : stored;
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
