import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import { CsvParser } from '../../ml/csv-parser';
import type { CsvDialect } from '../../ml/csv-dialect';
import type { RecordSink, Record_ } from './sink';
import { maxLineBytes } from './text-input';

const batchRows = 4000;

/**
 * Streams delimited text through CsvParser into a sink in batches. Rows with the wrong
 * number of fields, or broken quotes (kept with their text as read), are handed on flagged
 * so the writer quarantines them; blank lines are skipped.
 */
export async function readCsv(text: Iterable<string> | AsyncIterable<string> | Readable, dialect: CsvDialect, sink: RecordSink, fileName: string, onChunk: () => void): Promise<void> {
  const parser = new CsvParser(dialect.delimiter, dialect.quote, maxLineBytes);
  const unparse = (row: Record_): string => Papa.unparse([row as string[]], { delimiter: dialect.delimiter, quoteChar: dialect.quote });
  let named = false;
  let width = 0;
  let batch: string[][] = [];
  let raws: (string | null)[] = [];
  let reasons: (string | null)[] = [];
  let anyBroken = false;
  const flush = (): void => {
    if (batch.length === 0) return;
    const r = raws;
    const why = reasons;
    sink.rows(batch, (row, k) => r[k] ?? unparse(row), anyBroken ? (_, k) => why[k] : undefined);
    batch = [];
    raws = [];
    reasons = [];
    anyBroken = false;
  };
  const push = (fields: string[], broken: string | null, raw: string | null): void => {
    // A broken line's fields are unknown: a placeholder of the right width lets its own reason stand.
    batch.push(broken ? new Array<string>(width).fill('') : fields);
    raws.push(raw);
    reasons.push(broken);
    if (broken) anyBroken = true;
    if (batch.length >= batchRows) flush();
  };
  // Broken lines before the first good one in a file without a header: held until that line gives the width
  // (a few: a file that starts with many is refused rather than held).
  let early: [string, string | null][] = [];
  const maxEarly = 1000;
  const noRows = (): AssayError =>
    new AssayError(
      'BAD_INPUT',
      `${fileName} holds no line Assay can read as a row: ${early.length === 1 ? 'its one line has' : `its first ${early.length.toLocaleString('en-US')} lines have`} broken quotes. Nothing was imported.`,
      'Check the quote character and the delimiter in the import options, or fix the quotes in the file.',
    );
  const onRow = (fields: string[], broken: string | null, raw: string | null): void => {
    if (!named) {
      if (broken) {
        // A broken first line: its fields are unknown, so the header comes from the next good one.
        if (!dialect.header) early.push([broken, raw]);
        if (early.length >= maxEarly) throw noRows();
        return;
      }
      named = true;
      width = fields.length;
      sink.columns(dialect.header ? fields : fields.map(() => ''));
      // Stryker disable next-line ArrayDeclaration: a broken line's fields are never read (push stores a placeholder)
      for (const [why, r] of early) push([], why, r);
      // Stryker disable next-line ArrayDeclaration: frees the held lines; once named, `early` is not read again
      early = [];
      if (dialect.header) return;
    }
    push(fields, broken, raw);
  };
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      if (sink.full) break;
      parser.push(chunk, onRow);
      flush();
      onChunk();
    }
    if (!sink.full) parser.end(onRow);
    flush();
    if (!named && early.length > 0) throw noRows();
  } catch (err) {
    if (err instanceof Error && /^a record longer/.test(err.message)) {
      throw new AssayError('BAD_INPUT', `${fileName} holds ${err.message}; this does not look like a table. Nothing was imported.`, 'Check the format and the delimiter.');
    }
    throw err;
  }
}
