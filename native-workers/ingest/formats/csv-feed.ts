import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import type { CsvDialect } from '../../ml/csv-dialect';
import type { RecordSink, Record_ } from './sink';

const batchRows = 4000;
/** Broken lines held before the first good one in a file without a header (a file that starts with more is refused). */
const maxEarly = 1000;

/**
 * What both CSV readers (csv.ts over text, csv-bytes.ts over bytes) do with parsed records: the
 * first good one names the columns (or gives the width), later ones go to the sink in batches.
 * Rows with the wrong number of fields, or broken quotes (kept with their text as read), are
 * handed on flagged so the writer quarantines them.
 */
export class CsvFeed {
  private named = false;
  private fieldCount = 0;
  private batch: string[][] = [];
  private raws: (string | null)[] = [];
  private reasons: (string | null)[] = [];
  private anyBroken = false;
  /** Broken lines before the first good one in a file without a header: held until that line gives the width. */
  private early: [string, string | null][] = [];

  constructor(
    private readonly dialect: CsvDialect,
    private readonly sink: RecordSink,
    private readonly fileName: string,
  ) {}

  /** True once the columns are known. */
  get hasColumns(): boolean {
    return this.named;
  }

  /** The number of fields a record must have. */
  get width(): number {
    return this.fieldCount;
  }

  /** A record's text as a quarantined row keeps it (one the parser could not keep as read). */
  unparse(row: Record_): string {
    return Papa.unparse([row as string[]], { delimiter: this.dialect.delimiter, quoteChar: this.dialect.quote });
  }

  readonly onRow = (fields: string[], broken: string | null, raw: string | null): void => {
    if (!this.named) {
      if (broken) {
        // A broken first line: its fields are unknown, so the header comes from the next good one.
        if (!this.dialect.header) this.early.push([broken, raw]);
        if (this.early.length >= maxEarly) throw this.noRows();
        return;
      }
      this.named = true;
      this.fieldCount = fields.length;
      this.sink.columns(this.dialect.header ? fields : fields.map(() => ''));
      // Stryker disable next-line ArrayDeclaration: a broken line's fields are never read (push stores a placeholder)
      for (const [why, r] of this.early) this.push([], why, r);
      // Stryker disable next-line ArrayDeclaration: frees the held lines; once named, `early` is not read again
      this.early = [];
      if (this.dialect.header) return;
    }
    this.push(fields, broken, raw);
  };

  flush(): void {
    if (this.batch.length === 0) return;
    const r = this.raws;
    const why = this.reasons;
    this.sink.rows(this.batch, (row, k) => r[k] ?? this.unparse(row), this.anyBroken ? (_, k) => why[k] : undefined);
    this.batch = [];
    this.raws = [];
    this.reasons = [];
    this.anyBroken = false;
  }

  /** After the last record: flushes, and refuses a file with no line that reads as a row. */
  finish(): void {
    this.flush();
    if (!this.named && this.early.length > 0) throw this.noRows();
  }

  private push(fields: string[], broken: string | null, raw: string | null): void {
    // A broken line's fields are unknown: a placeholder of the right width lets its own reason stand.
    this.batch.push(broken ? new Array<string>(this.fieldCount).fill('') : fields);
    this.raws.push(raw);
    this.reasons.push(broken);
    if (broken) this.anyBroken = true;
    if (this.batch.length >= batchRows) this.flush();
  }

  private noRows(): AssayError {
    const early = this.early;
    return new AssayError(
      'BAD_INPUT',
      `${this.fileName} holds no line Assay can read as a row: ${early.length === 1 ? 'its one line has' : `its first ${early.length.toLocaleString('en-US')} lines have`} broken quotes. Nothing was imported.`,
      'Check the quote character and the delimiter in the import options, or fix the quotes in the file.',
    );
  }
}

/** A parser's "record too long" as the import's refusal; other errors pass. */
export function recordTooLong(err: unknown, fileName: string): unknown {
  if (err instanceof Error && /^a record longer/.test(err.message)) {
    return new AssayError('BAD_INPUT', `${fileName} holds ${err.message}; this does not look like a table. Nothing was imported.`, 'Check the format and the delimiter.');
  }
  return err;
}
