import { describe, expect, it } from 'vitest';
import { flattenRecord, JsonRecordSplitter } from './json-records';

function split(chunks: string[]): string[] {
  const s = new JsonRecordSplitter();
  const out: string[] = [];
  for (const c of chunks) s.push(c, (r) => out.push(r));
  s.end();
  return out;
}

/** Every way of cutting the text in two. */
function everyCut(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('JsonRecordSplitter', () => {
  const array = '[ {"a": 1, "b": {"c": "x]}"}}, {"a": 2, "b": {"c": "\\"q\\""}} ]';
  const ndjson = '{"a":1}\n{"a":2,"s":"{not a brace}"}\r\n\n{"a":3}\n';

  it('splits an array of objects at every chunk boundary', () => {
    for (const cut of everyCut(array)) {
      expect(split(cut).map((r) => JSON.parse(r) as unknown)).toEqual([
        { a: 1, b: { c: 'x]}' } },
        { a: 2, b: { c: '"q"' } },
      ]);
    }
  });

  it('splits NDJSON at every chunk boundary', () => {
    for (const cut of everyCut(ndjson)) expect(split(cut).map((r) => (JSON.parse(r) as { a: number }).a)).toEqual([1, 2, 3]);
  });

  it('says where the structure breaks', () => {
    expect(() => split(['"just a string"'])).toThrow(/expected \[ or \{ at character 1/);
    expect(() => split(['[1, 2]'])).toThrow(/expected an object at character 2/);
    expect(() => split(['[{"a":1}'])).toThrow(/never closed/);
    expect(() => split(['{"a":'])).toThrow(/middle of a record/);
    expect(() => split(['[{"a":1}] x'])).toThrow(/after the end of the array/);
  });

  it('refuses a record longer than the limit', () => {
    const s = new JsonRecordSplitter(100);
    expect(() => s.push(`[{"a":"${'x'.repeat(200)}`, () => undefined)).toThrow(/longer than 100/);
  });
});

describe('flattenRecord', () => {
  it('dots nested keys, keeps arrays as JSON and nulls empty', () => {
    expect(flattenRecord({ a: 1, b: { c: true, d: { e: 'x' } }, f: [1, 2], g: null })).toEqual({ a: '1', 'b.c': 'true', 'b.d.e': 'x', f: '[1,2]', g: '' });
  });
});

describe('JsonRecordSplitter: positions and limits', () => {
  const error = (chunks: string[], max?: number): string => {
    const s = new JsonRecordSplitter(max);
    try {
      for (const c of chunks) s.push(c, () => undefined);
      s.end();
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    return 'no error';
  };

  it('counts character positions across chunks', () => {
    expect(error(['[{"a":1}', ', 2]'])).toBe('expected an object at character 11');
    expect(error(['\t\r\n x'])).toBe('expected [ or { at character 5');
    expect(error(['[{"a":1}]', '\t\r\n{'])).toBe('unexpected text after the end of the array at character 13');
    expect(error(['{"a":1}', ' x'])).toBe('expected an object at character 9');
  });

  it('keeps a record as long as the limit, and refuses one longer that is still open, counting from the chunk', () => {
    const exact = `{"a":"${'x'.repeat(92)}"}`;
    expect(exact).toHaveLength(100);
    expect(error([exact.slice(0, 60), exact.slice(60)], 100)).toBe('no error');
    expect(error([exact.slice(0, 99)], 99)).toBe('the text ends in the middle of a record');
    expect(error(['[', exact.slice(0, 99), 'xx'], 98)).toBe('a record longer than 98 characters starts before character 101');
  });

  it('refuses what is no record between records: a string, a comma or a ] in NDJSON, a record closed by ]', () => {
    expect(error(['["a", {"b":1}]'])).toBe('expected an object at character 2');
    expect(error(['{"a":1}\n"x"\n{"a":2}'])).toBe('expected an object at character 9');
    expect(error(['{"a":1},{"a":2}'])).toBe('expected an object at character 8');
    expect(error(['{"a":1}]'])).toBe('expected an object at character 8');
    expect(error(['[{"a":1]]'])).toBe('the text ends in the middle of a record');
    expect(error(['{"a":"x'])).toBe('the text ends in the middle of a record');
  });

  it('reads an empty text and an empty array as no records', () => {
    expect(split([''])).toEqual([]);
    expect(split(['[ ]'])).toEqual([]);
    expect(split(['[{"a":1},\t\r\n{"a":2}]'])).toEqual(['{"a":1}', '{"a":2}']);
  });
});

describe('flattenRecord: edges', () => {
  it('names a scalar record "value", keeps keys that name Object’s own properties, and flattens an empty object to nothing', () => {
    expect(flattenRecord(5)).toEqual({ value: '5' });
    expect(flattenRecord(null)).toEqual({ value: '' });
    expect(flattenRecord({})).toEqual({});
    const odd = flattenRecord(JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}') as Parameters<typeof flattenRecord>[0]);
    expect(Object.entries(odd)).toEqual([['__proto__.x', '1'], ['constructor', '2']]);
    const proto = flattenRecord(JSON.parse('{"__proto__": 1}') as Parameters<typeof flattenRecord>[0]);
    expect(Object.entries(proto)).toEqual([['__proto__', '1']]);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });
});
