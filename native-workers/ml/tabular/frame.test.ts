import { describe, expect, it } from 'vitest';
import { frame, frameFromRecords, FrameError, takeFrameRows } from './frame';

describe('frameFromRecords', () => {
  const kinds = [
    { name: 'x', kind: 'numeric' },
    { name: 'c', kind: 'categorical' },
  ] as const;

  it('reads numbers, numeric strings and booleans; null, empty, NA tokens and absent keys are missing', () => {
    const f = frameFromRecords(
      [{ x: 1.5, c: 'a' }, { x: ' 2e3 ', c: 415 }, { x: true, c: true }, { x: null, c: null }, { x: '', c: '' }, { x: 'NA', c: 'n/a' }, {}, { x: false }],
      kinds,
    );
    expect(f.rows).toBe(8);
    const [x, c] = f.columns;
    expect(Array.from(x.values as Float64Array)).toEqual([1.5, 2000, 1, NaN, NaN, NaN, NaN, 0]);
    expect(c.values).toEqual(['a', '415', 'true', null, null, null, null, null]);
  });

  it('refuses text in a numeric column and objects anywhere, naming the column and row', () => {
    expect(() => frameFromRecords([{ x: 1 }, { x: 'abc' }], kinds)).toThrow(FrameError);
    expect(() => frameFromRecords([{ x: 1 }, { x: 'abc' }], kinds)).toThrow(/"x", row 1/);
    expect(() => frameFromRecords([{ c: { a: 1 } }], kinds)).toThrow(/"c", row 0: an object/);
    expect(() => frameFromRecords([{ x: [1] }], kinds)).toThrow(/an array/);
  });

  it('reads own keys only', () => {
    const f = frameFromRecords([{}], [{ name: 'constructor', kind: 'categorical' }]);
    expect(f.columns[0].values).toEqual([null]);
  });
});

describe('takeFrameRows', () => {
  const f = frame([
    { name: 'x', kind: 'numeric', values: Float64Array.of(10, 11, 12) },
    { name: 'c', kind: 'categorical', values: ['a', null, 'c'] },
  ]);

  it('takes rows in the given order, repeats allowed', () => {
    const t = takeFrameRows(f, [2, 0, 2]);
    expect(t.rows).toBe(3);
    expect(Array.from(t.columns[0].values as Float64Array)).toEqual([12, 10, 12]);
    expect(t.columns[1].values).toEqual(['c', 'a', 'c']);
  });

  it('refuses indices outside the frame', () => {
    expect(() => takeFrameRows(f, [3])).toThrow(RangeError);
    expect(() => takeFrameRows(f, [-1])).toThrow(RangeError);
  });

  it('frame() refuses ragged or repeated columns', () => {
    expect(() => frame([{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }, { name: 'c', kind: 'categorical', values: [] }])).toThrow(/1 values|0 values/);
    expect(() => frame([{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }, { name: 'x', kind: 'numeric', values: Float64Array.of(1) }])).toThrow(/twice/);
  });
});
