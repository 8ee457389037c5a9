import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../main/host/fuzz';
import { JsonPathSplitter } from './json-path';
import { flattenRecord, JsonRecordSplitter } from './json-records';

type Json = Parameters<typeof flattenRecord>[0];
interface Splitter {
  push(text: string, onRecord: (json: string) => void): void;
  end(): void;
}

/** Splits `text` cut at `cuts`; a refusal is the splitter's documented Error with a message. */
function split(make: () => Splitter, text: string, cuts: readonly number[]): { records: string[] } | { error: string } {
  const s = make();
  const records: string[] = [];
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  try {
    for (const c of [...at, text.length]) {
      s.push(text.slice(from, c), (r) => records.push(r));
      from = c;
    }
    s.end();
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message.length).toBeGreaterThan(10);
    return { error: (err as Error).message };
  }
  return { records };
}

/** Text made mostly of JSON's structural characters, with any other character now and then. */
const jsonishText = fc.string({
  unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', ' ', '\n', 'a', '1') }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  maxLength: 200,
});
const cuts = fc.array(fc.nat(), { maxLength: 6 });
// Keys an object may hold that a plain object treats specially are drawn often.
const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'));
const record = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }) as fc.Arbitrary<{ [key: string]: Json }>;
const records = fc.array(record, { maxLength: 8 });
const space = fc.constantFrom(undefined, 1, '\t');

const splitters: [string, () => Splitter][] = [
  ['JsonRecordSplitter', () => new JsonRecordSplitter()],
  ['JsonPathSplitter (first array)', () => new JsonPathSplitter(null)],
  ['JsonPathSplitter (data.items)', () => new JsonPathSplitter('data.items')],
];

describe('JSON record splitters (fuzz)', () => {
  const runs = fuzzSettings(1000);
  it.each(splitters)(`%s: any text, cut anywhere, gives records or a documented error, the same whatever the chunking (${runs.numRuns} cases)`, (_, make) => {
    fc.assert(
      fc.property(jsonishText, cuts, (text, at) => {
        const chunked = split(make, text, at);
        const whole = split(make, text, []);
        // An error may be found at another character when cut, but it is an error either way.
        if ('error' in whole) expect(chunked).toHaveProperty('error');
        else expect(chunked).toEqual(whole);
      }),
      runs,
    );
  });

  const trip = fuzzSettings(600);
  it(`round trip: an array of records, NDJSON or nested at a path, splits back to the same records (${trip.numRuns} cases)`, () => {
    fc.assert(
      fc.property(records, space, cuts, (recs, indent, at) => {
        const parsed = (r: { records: string[] } | { error: string }): unknown[] => ('records' in r ? r.records.map((x) => JSON.parse(x) as unknown) : [r.error]);
        // What the file holds is the records as JSON writes them (-0 is written 0).
        const want = JSON.parse(JSON.stringify(recs)) as unknown;
        expect(parsed(split(() => new JsonRecordSplitter(), JSON.stringify(recs, null, indent), at))).toEqual(want);
        expect(parsed(split(() => new JsonRecordSplitter(), recs.map((r) => JSON.stringify(r)).join('\n'), at))).toEqual(want);
        const doc = JSON.stringify({ meta: { items: [1, { a: [] }] }, data: { n: recs.length, items: recs } }, null, indent);
        expect(parsed(split(() => new JsonPathSplitter('data.items'), doc, at))).toEqual(want);
      }),
      trip,
    );
  });

  const flat = fuzzSettings(1000);
  it(`flattenRecord keeps every scalar under its dotted key (${flat.numRuns} cases)`, () => {
    fc.assert(
      fc.property(record, (r) => {
        const out = flattenRecord(r);
        for (const [k, v] of Object.entries(r)) {
          if (v !== null && typeof v === 'object' && !Array.isArray(v)) continue;
          // Dotted and empty keys may meet another key's name by design ('a.b', '' → 'value').
          if (k.includes('.') || k === '' || k === 'value') continue;
          expect(Object.hasOwn(out, k)).toBe(true);
          expect(out[k]).toBe(v === null ? '' : Array.isArray(v) ? JSON.stringify(v) : String(v));
        }
      }),
      flat,
    );
  });
});
