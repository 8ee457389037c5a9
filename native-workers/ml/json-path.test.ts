import { describe, expect, it } from 'vitest';
import { JsonPathSplitter } from './json-path';

function split(text: string, target: string | null, chunk = 7): { records: string[]; splitter: JsonPathSplitter } {
  const splitter = new JsonPathSplitter(target, 1000);
  const records: string[] = [];
  for (let i = 0; i < text.length; i += chunk) splitter.push(text.slice(i, i + chunk), (r) => records.push(r));
  splitter.end();
  return { records, splitter };
}

describe('JsonPathSplitter', () => {
  const doc = '{"meta": {"n": 2, "tags": ["a", "b"]}, "data": {"items": [{"a": 1, "s": "x}]"}, {"a": 2, "s": "y\\"{"}], "other": [{"z": 1}]}}';

  it('takes the records of the array at a dotted path, across chunk edges', () => {
    const { records, splitter } = split(doc, 'data.items');
    expect(records.map((r) => JSON.parse(r) as unknown)).toEqual([
      { a: 1, s: 'x}]' },
      { a: 2, s: 'y"{' },
    ]);
    expect(splitter.candidates).toEqual(['data.items', 'data.other']);
  });

  it('picks the first array of objects when no path is given', () => {
    const { records, splitter } = split(doc, null, 3);
    expect(splitter.recordsPath).toBe('data.items');
    expect(records).toHaveLength(2);
  });

  it('reads a top-level array', () => {
    expect(split('[{"a":1},{"a":[1,2]}]', '').records).toEqual(['{"a":1}', '{"a":[1,2]}']);
    expect(split('[{"a":1},{"a":[1,2]}]', null).records).toHaveLength(2);
  });

  it('says what is wrong: missing path, cut short, non-object records, huge records', () => {
    expect(() => split(doc, 'data.nope')).toThrow(/no array at the records path "data.nope"/);
    expect(() => split(doc.slice(0, 60), 'data.items')).toThrow(/cut short/);
    expect(() => split('{"data": [1, 2]}', 'data')).toThrow(/expected an object \(a record\) at character 11/);
    expect(() => split(`[{"a": "${'x'.repeat(2000)}"}]`, '')).toThrow(/longer than 1,000 characters/);
  });
});
