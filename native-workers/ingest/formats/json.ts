import { AssayError } from '../../../preload/contract/errors';
import { flattenRecord, JsonRecordSplitter } from '../../ml/json-records';
import { JsonPathSplitter } from '../../ml/json-path';
import type { RecordSink } from './sink';

const sampleRecords = 5000;
type Json = Parameters<typeof flattenRecord>[0];

export interface JsonInfo {
  readonly recordsPath: string | null;
  readonly candidates: readonly string[];
}

/**
 * JSON records → rows. Columns are the (flattened) keys of the first 5,000 records; a later
 * record with other keys, or one that is not valid JSON, goes to quarantine with its text.
 * `json`: the array at `recordsPath` (or the first array of objects); `ndjson`: one object
 * per line. `partial` is for previews of a file's head: the cut-off end is not an error.
 */
export async function readJson(
  text: AsyncIterable<string> | Iterable<string>,
  format: 'json' | 'ndjson',
  recordsPath: string | undefined,
  sink: RecordSink,
  fileName: string,
  onChunk: () => void,
  partial = false,
): Promise<JsonInfo> {
  const pathSplitter = format === 'json' ? new JsonPathSplitter(recordsPath === undefined ? null : recordsPath) : null;
  // Stryker disable next-line ConditionalExpression: an unused line splitter beside the path splitter is never fed, and ends empty without error
  const lineSplitter = format === 'ndjson' ? new JsonRecordSplitter() : null;
  // Records and unreadable records, in file order (record numbers in quarantine follow it).
  let pending: ({ ok: Record<string, string> } | { bad: string; reason: string })[] = [];
  let goodPending = 0;
  let header: string[] | null = null;
  const take = (json: string): void => {
    try {
      pending.push({ ok: flattenRecord(JSON.parse(json) as Json) });
      goodPending++;
    } catch (err) {
      pending.push({ bad: json, reason: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  const flush = (final: boolean): void => {
    if (!header) {
      if (goodPending < sampleRecords && !final) return;
      if (pending.length === 0) return;
      const keys = new Set<string>();
      let n = 0;
      for (const p of pending) {
        if (!('ok' in p)) continue;
        for (const k of Object.keys(p.ok)) keys.add(k);
        if (++n >= sampleRecords) break;
      }
      header = [...keys];
      if (header.length === 0) throw new AssayError('BAD_INPUT', `${fileName} holds no JSON record Assay can read (the first is: ${('bad' in pending[0] ? pending[0].bad : '').slice(0, 80)}).`);
      sink.columns(header);
    }
    const cols = header;
    const known = new Set(cols);
    const rawOf = (row: readonly unknown[]): string => JSON.stringify(Object.fromEntries(cols.map((k, i) => [k, row[i]])));
    let rows: string[][] = [];
    for (const p of pending) {
      // Stryker disable next-line ArrayDeclaration: `extra` is read only for a parsed record
      const extra = 'ok' in p ? Object.keys(p.ok).filter((k) => !known.has(k)) : [];
      if (!('ok' in p) || extra.length > 0) {
        sink.rows(rows, rawOf);
        rows = [];
        if ('ok' in p) sink.reject(JSON.stringify(p.ok), `has field(s) not in the first ${sampleRecords} records: ${extra.slice(0, 5).join(', ')}`);
        else sink.reject(p.bad, p.reason);
        continue;
      }
      rows.push(cols.map((k) => p.ok[k] ?? ''));
    }
    sink.rows(rows, rawOf);
    pending = [];
    goodPending = 0;
  };
  const fail = (err: unknown): never => {
    throw new AssayError(
      'BAD_INPUT',
      `${fileName} is not JSON Assay can read: ${err instanceof Error ? err.message : String(err)}; nothing was imported.`,
      format === 'json' ? 'Check the records path (the array that holds the records), or that the file is complete.' : 'Each line must hold one JSON object.',
    );
  };
  for await (const chunk of text) {
    try {
      if (pathSplitter) pathSplitter.push(chunk, take);
      // Stryker disable next-line OptionalChaining: one of the two splitters is always there
      else lineSplitter?.push(chunk, take);
    } catch (err) {
      if (!partial) fail(err);
      break;
    }
    flush(false);
    onChunk();
    if (sink.full) break;
  }
  if (!partial) {
    try {
      pathSplitter?.end();
      lineSplitter?.end();
    } catch (err) {
      fail(err);
    }
  }
  flush(true);
  return { recordsPath: pathSplitter ? pathSplitter.recordsPath : null, candidates: pathSplitter ? [...pathSplitter.candidates] : [] };
}
