import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import type { CsvDialect } from '../../ml/csv-dialect';
import type { RecordSink, Record_ } from './sink';

/**
 * Streams delimited text through papaparse into a sink. Rows with the wrong number of
 * fields or broken quotes are handed on flagged, so the writer quarantines them with
 * their text; blank lines are skipped.
 */
export function readCsv(text: Readable, dialect: CsvDialect, sink: RecordSink, fileName: string, onChunk: () => void): Promise<void> {
  const rawOf = (row: Record_): string => Papa.unparse([row as string[]], { delimiter: dialect.delimiter, quoteChar: dialect.quote });
  let width = -1;
  return new Promise<void>((resolve, reject) => {
    let failure: unknown = null;
    text.on('error', (err) => {
      failure ??= err;
    });
    Papa.parse<string[]>(text as unknown as File, {
      header: false,
      // 'greedy' tests every row with a join; blank-looking rows are skipped below instead.
      skipEmptyLines: true,
      delimiter: dialect.delimiter,
      quoteChar: dialect.quote,
      escapeChar: dialect.quote,
      chunk(results, parser) {
        try {
          if (failure || sink.full) {
            parser.abort();
            return;
          }
          let rows = results.data;
          const quoteErrors = new Set(results.errors.filter((e) => e.type === 'Quotes' && e.row !== undefined).map((e) => e.row as number));
          let firstIndex = 0;
          if (width < 0) {
            if (rows.length === 0) return;
            width = rows[0].length;
            if (dialect.header) {
              sink.columns(rows[0]);
              rows = rows.slice(1);
              firstIndex = 1;
            } else sink.columns(rows[0].map(() => ''));
          }
          const blank = (r: string[]): boolean => width > 1 && r.length === 1 && r[0].trim() === '';
          const kept: string[][] = [];
          const badQuotes = new Set<number>();
          rows.forEach((r, k) => {
            if (blank(r)) return;
            if (quoteErrors.has(k + firstIndex)) badQuotes.add(kept.length);
            kept.push(r);
          });
          sink.rows(kept, rawOf, badQuotes.size === 0 ? undefined : (_, k) => (badQuotes.has(k) ? 'malformed quotes (a quote is opened and never closed, or text follows a closing quote)' : null));
          onChunk();
          if (sink.full) parser.abort();
        } catch (err) {
          failure = err;
          parser.abort();
        }
      },
      complete() {
        if (failure) reject(failure);
        else resolve();
      },
      error(err) {
        reject(failure ?? new AssayError('IO', `Reading ${fileName} failed: ${err.message}`));
      },
    });
  });
}
