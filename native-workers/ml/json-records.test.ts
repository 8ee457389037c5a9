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
