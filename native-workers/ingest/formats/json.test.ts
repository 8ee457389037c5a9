import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import { readJson, type JsonInfo } from './json';
import { RecordingSink } from './recording-sink';

interface Read {
  sink: RecordingSink;
  info: JsonInfo;
  chunksSeen: number;
}

async function read(chunks: string[], format: 'json' | 'ndjson', opts: { path?: string; sink?: RecordingSink; partial?: boolean } = {}): Promise<Read> {
  const sink = opts.sink ?? new RecordingSink();
  let chunksSeen = 0;
  const info = await readJson(chunks, format, opts.path, sink, 'f.json', () => chunksSeen++, opts.partial);
  return { sink, info, chunksSeen };
}

async function refusal(chunks: string[], format: 'json' | 'ndjson', path?: string): Promise<string> {
  try {
    await read(chunks, format, { path });
  } catch (err) {
    if (err instanceof AssayError) return `${err.code}: ${err.message} | ${err.detail ?? ''}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

const lines = (...records: string[]): string => records.map((r) => `${r}\n`).join('');

describe('readJson', () => {
  it('takes the columns from the flattened keys and fills a missing key with an empty cell', async () => {
    const { sink, info, chunksSeen } = await read([lines('{"a":1,"b":{"c":true}}', '{"a":"x"}'), lines('{"b":{"c":null},"a":2}')], 'ndjson');
    expect(sink.names).toEqual(['a', 'b.c']);
    expect(sink.records()).toEqual([['1', 'true'], ['x', ''], ['2', '']]);
    // The raw text of a row is its record again, with the columns' names.
    expect(sink.batches.flatMap((b) => b.raws)).toEqual(['{"a":"1","b.c":"true"}', '{"a":"x","b.c":""}', '{"a":"2","b.c":""}']);
    expect(info).toEqual({ recordsPath: null, candidates: [] });
    expect(chunksSeen).toBe(2);
  });

  it('keeps file order around a record that is not valid JSON, rejected with its text and reason', async () => {
    const { sink } = await read([lines('{"a":1}', '{"a":}', '{"a":3}')], 'ndjson');
    expect(sink.calls).toEqual(['rows 1', 'reject', 'rows 1']);
    expect(sink.rejects).toEqual([{ raw: '{"a":}', reason: expect.stringMatching(/^not valid JSON: .+/) as unknown as string }]);
  });

  it('rejects a record with keys the first 5,000 records did not have, naming up to five of them', async () => {
    const first = Array.from({ length: 5000 }, (_, i) => `{"a":${i}}`);
    const { sink } = await read([lines(...first, '{"a":0,"b":1,"c":2,"d":3,"e":4,"f":5,"g":6}', '{"a":-1}')], 'ndjson');
    expect(sink.names).toEqual(['a']);
    expect(sink.records()).toHaveLength(5001);
    expect(sink.rejects).toEqual([{ raw: '{"a":"0","b":"1","c":"2","d":"3","e":"4","f":"5","g":"6"}', reason: 'has field(s) not in the first 5000 records: b, c, d, e, f' }]);
  });

  it('names the columns once: a later chunk’s new keys are rejected, not a new header', async () => {
    const first = Array.from({ length: 5000 }, (_, i) => `{"a":${i}}`);
    const { sink } = await read([lines(...first), lines('{"a":1,"b":2}', '{"a":2}')], 'ndjson');
    expect(sink.names).toEqual(['a']);
    expect(sink.records()).toHaveLength(5001);
    expect(sink.rejects.map((r) => r.raw)).toEqual(['{"a":"1","b":"2"}']);
  });

  it('waits for 5,000 records before naming the columns, or for the end of the text', async () => {
    const { sink } = await read([lines('{"a":1}'), lines('{"b":2}')], 'ndjson');
    expect(sink.names).toEqual(['a', 'b']);
    expect(sink.rejects).toEqual([]);
  });

  it('refuses records none of which it can read, quoting the first', async () => {
    expect(await refusal([lines(`{"a":${'x'.repeat(100)}}`)], 'ndjson')).toBe(
      `BAD_INPUT: f.json holds no JSON record Assay can read (the first is: {"a":${'x'.repeat(75)}). | `,
    );
    expect(await refusal([lines('{}', '{}')], 'ndjson')).toMatch(/holds no JSON record Assay can read \(the first is: \)\./);
  });

  it('hands on nothing for an empty file', async () => {
    const { sink } = await read([''], 'ndjson');
    expect(sink.names).toBeNull();
    expect(sink.calls).toEqual([]);
  });

  it('says what is wrong with text that is not JSON records, and what to check for each format', async () => {
    expect(await refusal(['x'], 'ndjson')).toBe('BAD_INPUT: f.json is not JSON Assay can read: expected [ or { at character 1; nothing was imported. | Each line must hold one JSON object.');
    expect(await refusal(['[{"a":1}'], 'json')).toBe(
      'BAD_INPUT: f.json is not JSON Assay can read: the text ends in the middle of the document (the file may be cut short); nothing was imported. | ' +
        'Check the records path (the array that holds the records), or that the file is complete.',
    );
  });

  it('reads a cut-off head as far as it goes when partial (a preview)', async () => {
    const { sink } = await read(['[{"a":1},{"a":2},{"a"'], 'json', { partial: true });
    expect(sink.records()).toEqual([['1'], ['2']]);
    const broken = await read([lines('{"a":1}'), '}{'], 'ndjson', { partial: true });
    expect(broken.sink.records()).toEqual([['1']]);
  });

  it('finds the records at a path and lists the arrays of objects it saw', async () => {
    const doc = '{"meta":{"tags":[{"t":1}]},"data":[{"a":1},{"a":2}]}';
    const { sink, info } = await read([doc], 'json', { path: 'data' });
    expect(sink.records()).toEqual([['1'], ['2']]);
    expect(info).toEqual({ recordsPath: 'data', candidates: ['meta.tags', 'data'] });
    const first = await read([doc], 'json');
    expect(first.info.recordsPath).toBe('meta.tags');
    expect(first.sink.records()).toEqual([['1']]);
  });

  it('stops reading once the sink is full', async () => {
    // Records are handed on once the columns are known: after 5,000 of them.
    const sink = new RecordingSink(1);
    const first = Array.from({ length: 5000 }, (_, i) => `{"a":${i}}`);
    const { chunksSeen } = await read([lines(...first), lines('{"a":-1}'), '{'], 'ndjson', { sink });
    expect(sink.records()).toHaveLength(5000);
    expect(chunksSeen).toBe(1);
  });
});
