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

describe('JsonPathSplitter: structure and errors', () => {
  const whole = (text: string, target: string | null): { records: string[]; splitter: JsonPathSplitter } => split(text, target, text.length || 1);
  const error = (text: string, target: string | null): string => {
    try {
      whole(text, target);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    return 'no error';
  };

  it('follows keys, not string values, through whitespace and escapes', () => {
    const { records, splitter } = whole('{\t"k": "arr",\r\n "a\\"b": {"d\\u0061ta": [ {"x": 1} , {"x": [2]} ]}}', null);
    expect(splitter.recordsPath).toBe('a"b.data');
    expect(records).toEqual(['{"x": 1}', '{"x": [2]}']);
    expect(splitter.recordCount).toBe(2);
    // Whitespace between '[' and its first object, or after the document, is no value.
    expect(whole('{"t": [\t{"x": 1}], "r": [\r\n{"x": 2}]}\t\r\n', null).splitter.candidates).toEqual(['t', 'r']);
  });

  it('keeps a key that is not valid JSON text as written', () => {
    expect(whole('{"a\\q": [{"x": 1}]}', null).splitter.recordsPath).toBe('a\\q');
  });

  it('takes no records from arrays inside arrays (no key path reaches them)', () => {
    expect(error('[[{"a": 1}]]', null)).toBe('it holds no array of objects to take records from');
    expect(error('{"a": [1, 2]}', null)).toBe('it holds no array of objects to take records from');
  });

  it('passes over objects in arrays inside arrays, and arrays under an object with no key yet', () => {
    const { records, splitter } = whole('{"x": [[{"a": 1}]], "y": [{"b": 1}]}', null);
    expect(records).toEqual(['{"b": 1}']);
    expect(splitter.candidates).toEqual(['y']);
    expect(error('{"x": {[{"a": 1}]}}', null)).toBe('it holds no array of objects to take records from');
  });

  it('reads a string value longer than a key may be', () => {
    expect(whole(`{"v": "${'s'.repeat(10_001)}", "r": [{"a": 1}]}`, null).records).toEqual(['{"a": 1}']);
  });

  it('lists each path once, and takes records from every array at the path', () => {
    const { records, splitter } = whole('{"d": [{"a": 1}], "e": [{"b": 1}], "d": [{"a": 2}]}', 'd');
    expect(records).toEqual(['{"a": 1}', '{"a": 2}']);
    expect(splitter.candidates).toEqual(['d', 'e']);
  });

  it('names the place where the structure breaks', () => {
    expect(error(' x', null)).toBe('expected [ or { at character 2');
    expect(error('[{"a": 1}] x', null)).toBe('unexpected text after the end of the document at character 12');
    expect(error('{"a": [}', null)).toBe('unbalanced } at character 8');
    expect(error('{"a": 1]', null)).toBe('unbalanced ] at character 8');
    expect(error('{"a": 1}}', null)).toBe('unexpected text after the end of the document at character 9');
    expect(error(`{"${'k'.repeat(10_001)}": 1}`, null)).toBe('an object key longer than 10,000 characters near character 10003');
    expect(whole(`{"${'k'.repeat(10_000)}": [{"a": 1}]}`, null).records).toHaveLength(1);
  });

  it('says which path it could not find, the top level by name', () => {
    expect(error('{"a": 1}', '')).toBe('there is no array at the records path "(top level)"');
    expect(error('{"a": "x', null)).toBe('the text ends in the middle of the document (the file may be cut short)');
    expect(error('{"a": [{"b": 1}', 'a')).toBe('the text ends in the middle of the document (the file may be cut short)');
  });

  it('refuses a record still open past the limit at a chunk’s end, counting from where it starts', () => {
    // 999 characters of the record are held after the tenth chunk: within the limit.
    expect(split(`[{"a": "${'x'.repeat(990)}"}]`, '', 100).records).toHaveLength(1);
    // Exactly 1,000 held after the first chunk (the record starts at its second character), closed in the next.
    expect(split(`[{"a": "${'x'.repeat(995)}"}]`, '', 1001).records).toHaveLength(1);
    expect(() => split(`[{"a": "${'x'.repeat(1200)}"}]`, '', 100)).toThrow('a record longer than 1,000 characters starts before character 1101');
  });
});
