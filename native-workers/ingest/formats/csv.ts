import type { Readable } from 'node:stream';
import { CsvParser } from '../../ml/csv-parser';
import type { CsvDialect } from '../../ml/csv-dialect';
import { CsvFeed, recordTooLong } from './csv-feed';
import type { RecordSink } from './sink';
import { maxLineBytes } from './text-checks';

/**
 * Streams delimited text through CsvParser into a sink in batches (see CsvFeed). Blank lines are
 * skipped. The byte-level reader (csv-bytes.ts) takes the common case of an import; this one takes
 * every other encoding and dialect, and previews.
 */
export async function readCsv(text: Iterable<string> | AsyncIterable<string> | Readable, dialect: CsvDialect, sink: RecordSink, fileName: string, onChunk: () => void): Promise<void> {
  const parser = new CsvParser(dialect.delimiter, dialect.quote, maxLineBytes);
  const feed = new CsvFeed(dialect, sink, fileName);
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      if (sink.full) break;
      parser.push(chunk, feed.onRow);
      feed.flush();
      onChunk();
    }
    if (!sink.full) parser.end(feed.onRow);
    feed.finish();
  } catch (err) {
    throw recordTooLong(err, fileName);
  }
}
