/** One parsed record; `broken` says why it cannot be trusted, `raw` is then its text as read. */
export type RowHandler = (fields: string[], broken: string | null, raw: string | null) => void;

const LF = 10;
const CR = 13;

/**
 * A streaming parser for delimited text (RFC 4180 quoting with a chosen delimiter and quote).
 * Unlike papaparse it resynchronises after a malformed quote: text after a closing quote, or a
 * quote never closed within `maxRecordChars`, makes that physical line one broken record and
 * parsing goes on at the next line, so one stray quote cannot swallow the rest of the file
 * (nor hold it in memory). Blank lines are skipped.
 */
export class CsvParser {
  private rest = '';
  private readonly d: number;
  private readonly q: number;
  private readonly quote: string;

  constructor(
    delimiter: string,
    quote: string,
    private readonly maxRecordChars = 1 << 20,
  ) {
    this.d = delimiter.charCodeAt(0);
    this.q = quote.charCodeAt(0);
    this.quote = quote;
  }

  push(text: string, onRow: RowHandler): void {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: '' + text is text; the test only saves a copy.
    this.parse(this.rest.length > 0 ? this.rest + text : text, false, onRow);
  }

  end(onRow: RowHandler): void {
    const buf = this.rest;
    this.rest = '';
    // Stryker disable next-line ConditionalExpression,EqualityOperator: parsing '' reads nothing.
    if (buf.length > 0) this.parse(buf, true, onRow);
  }

  private tooLong(): Error {
    return new Error(`a record longer than ${this.maxRecordChars.toLocaleString('en-US')} characters`);
  }

  /**
   * Hands on the physical line from `rowStart` as one broken record (its end searched from
   * `from`) and returns where the next line starts; -1 when that end is not read yet: the line
   * is kept for the next chunk, so the rest of a broken line never reads as a record of its own.
   */
  private brokenLine(buf: string, rowStart: number, from: number, final: boolean, why: string, onRow: RowHandler): number {
    const nl = buf.indexOf('\n', from);
    if (nl === -1 && !final) {
      if (buf.length - rowStart > this.maxRecordChars) throw this.tooLong();
      this.rest = buf.slice(rowStart);
      return -1;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: `from` is a quote or the character after a closing one, never an LF, so nl > from always.
    const end = nl === -1 ? buf.length : nl > from && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    onRow([], why, buf.slice(rowStart, end));
    return nl === -1 ? buf.length : nl + 1;
  }

  private parse(buf: string, final: boolean, onRow: RowHandler): void {
    const len = buf.length;
    const { d, q, quote } = this;
    let pos = 0;
    rows: while (pos < len) {
      const rowStart = pos;
      const fields: string[] = [];
      for (;;) {
        if (buf.charCodeAt(pos) === q) {
          let value = '';
          let seg = pos + 1;
          let closed = -1;
          for (;;) {
            const k = buf.indexOf(quote, seg);
            if (k === -1 || (k + 1 >= len && !final)) break;
            if (buf.charCodeAt(k + 1) === q) {
              value += buf.slice(seg, k + 1);
              seg = k + 2;
              continue;
            }
            value += buf.slice(seg, k);
            closed = k;
            break;
          }
          if (closed === -1) {
            if (!final && len - rowStart <= this.maxRecordChars) {
              this.rest = buf.slice(rowStart);
              return;
            }
            pos = this.brokenLine(buf, rowStart, rowStart, final, 'malformed quotes: a quote opened on this line is never closed', onRow);
            if (pos === -1) return;
            continue rows;
          }
          const after = closed + 1;
          const c = buf.charCodeAt(after);
          // A CR last in the chunk: whether an LF follows is not known yet.
          if (c === CR && after + 1 >= len && !final) {
            this.rest = buf.slice(rowStart);
            return;
          }
          // A CR last in the text ends the line, as it does after an unquoted field.
          if (after >= len || c === LF || (c === CR && (after + 1 >= len || buf.charCodeAt(after + 1) === LF))) {
            fields.push(value);
            pos = after >= len ? len : c === LF ? after + 1 : after + 2;
            break;
          }
          if (c === d) {
            fields.push(value);
            pos = after + 1;
            continue;
          }
          pos = this.brokenLine(buf, rowStart, after, final, 'malformed quotes: text follows a closing quote', onRow);
          if (pos === -1) return;
          continue rows;
        }
        let j = pos;
        let c = 0;
        for (; j < len; j++) {
          c = buf.charCodeAt(j);
          if (c === d || c === LF) break;
        }
        if (j >= len && !final) {
          if (len - rowStart > this.maxRecordChars) {
            throw this.tooLong();
          }
          this.rest = buf.slice(rowStart);
          return;
        }
        if (j < len && c === d) {
          fields.push(buf.slice(pos, j));
          pos = j + 1;
          continue;
        }
        // End of line (or of the text): drop a CR before the LF.
        // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: an empty last field (j = pos) follows a delimiter or an LF, never a CR.
        const end = j > pos && buf.charCodeAt(j - 1) === CR ? j - 1 : j;
        fields.push(buf.slice(pos, end));
        pos = j + 1;
        break;
      }
      // Stryker disable next-line EqualityOperator: a record has at least one field here, so <= 1 is === 1.
      if (fields.length === 1 && fields[0].trim() === '') continue;
      onRow(fields, null, null);
    }
    this.rest = '';
  }
}
