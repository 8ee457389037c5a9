import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../preload/contract/types';
import { chunkRows, decodeChunk, encodeChunk, encodeUtf8, type Encoding } from './chunk-codec';

function roundTrip(cells: Cell[], encoding: Encoding): Cell[] {
  const enc = encodeChunk(cells);
  expect(enc.encoding).toBe(encoding);
  // Through a misaligned copy as well: a blob's bytes need not start on an 8-byte boundary.
  const shifted = Buffer.alloc(enc.bytes.length + 1).subarray(1);
  enc.bytes.copy(shifted);
  const back = decodeChunk(shifted).cells();
  expect(decodeChunk(enc.bytes).cells()).toEqual(back);
  return back;
}

describe('column chunks', () => {
  it('keep int32, float64 (NaN, -0, ±Infinity, 2^53) and nulls apart', () => {
    const ints = [0, -1, 2147483647, -2147483648, null, 42];
    expect(roundTrip(ints, 'int32')).toEqual(ints);
    const floats = [1.5, NaN, null, -0, Infinity, -Infinity, 2 ** 53, 2 ** 31, null];
    const back = roundTrip(floats, 'float64');
    expect(back).toEqual(floats);
    expect(Object.is(back[3], -0)).toBe(true);
    expect(Number.isNaN(back[1])).toBe(true);
    expect(back[2]).toBeNull();
  });

  it('store 0/1 as a bitmap, with nulls, and not -0 or 2', () => {
    const flags = Array.from({ length: 1000 }, (_, i): Cell => (i % 7 === 0 ? null : i % 3 === 0 ? 1 : 0));
    expect(roundTrip(flags, 'bool')).toEqual(flags);
    expect(encodeChunk(flags).bytes.length).toBeLessThan(8 + 2 * 128 + 8);
    expect(encodeChunk([0, 1, 2]).encoding).toBe('int32');
    expect(encodeChunk([0, 1, -0]).encoding).toBe('float64');
  });

  it('dictionary-encode repeated text (dates as stored, unicode, empty strings) and keep null apart from ""', () => {
    const days = ['2024-01-01', '2024-02-29T13:45:00.000Z', '', 'Zürich 🚀', '東京'];
    const cells = Array.from({ length: 5000 }, (_, i): Cell => (i % 11 === 0 ? null : days[i % days.length]!));
    expect(roundTrip(cells, 'dict')).toEqual(cells);
    const enc = encodeChunk(cells);
    expect(enc.zone).toMatchObject({ nulls: 455, distinct: 5, min: '', max: '東京' });
    // One byte a code, one bit a null, the dictionary once.
    expect(enc.bytes.length).toBeLessThan(5000 + 5000 / 8 + 120);
  });

  it('store text that does not repeat as offsets + UTF-8 (ids, integers beyond 2^53 stored as text)', () => {
    const cells = Array.from({ length: 3000 }, (_, i): Cell => (i === 5 ? null : i === 6 ? '' : `${9007199254740993n + BigInt(i)}-ü`));
    const back = roundTrip(cells, 'utf8');
    expect(back).toEqual(cells);
    expect(back[0]).toBe('9007199254740993-ü');
    expect(encodeChunk(cells).zone.distinct).toBe(2999);
  });

  it('picks the smaller text encoding: 2 distinct long strings dict, all distinct plain', () => {
    const long = 'x'.repeat(100);
    expect(encodeChunk([long, long, `${long}y`]).encoding).toBe('dict');
    expect(encodeChunk(['a', 'b', 'c']).encoding).toBe('utf8');
    // 300 distinct codes need 2-byte codes.
    const wide = Array.from({ length: 9000 }, (_, i): Cell => `category ${i % 300}`);
    expect(roundTrip(wide, 'dict')).toEqual(wide);
  });

  it('keep a mix of numbers, text and nulls (a text column with stray numbers)', () => {
    const cells: Cell[] = [1, 'a', null, 2.5, '', NaN, 'ü'];
    const back = roundTrip(cells, 'mixed');
    expect(back).toEqual(cells);
    expect(encodeChunk(cells).zone).toMatchObject({ min: 1, max: 'ü', nulls: 1 });
  });

  it('read a chunk of nulls only, an empty chunk, and a full chunk of floats into a Float64Array', () => {
    expect(roundTrip([null, null], 'null')).toEqual([null, null]);
    expect(roundTrip([], 'null')).toEqual([]);
    const cells = Array.from({ length: chunkRows }, (_, i): Cell => (i % 1000 === 0 ? null : i / 3));
    const out = new Float64Array(chunkRows + 2).fill(7);
    expect(decodeChunk(encodeChunk(cells).bytes).numbersInto(out, 1)).toBe(true);
    expect(out[0]).toBe(7);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBe(1 / 3);
    expect(out[chunkRows]).toBe((chunkRows - 1) / 3);
    expect(out[chunkRows + 1]).toBe(7);
    expect(decodeChunk(encodeChunk(['a']).bytes).numbersInto(out, 0)).toBe(false);
    expect(() => encodeChunk(new Array<Cell>(chunkRows + 1).fill(1))).toThrow(/at most 65536/);
  });

  it('zone maps: min and max without NaN, nulls, a distinct estimate near the truth', () => {
    const cells = Array.from({ length: chunkRows }, (_, i): Cell => (i % 10 === 0 ? null : (i % 5000) - 2.5));
    cells[1] = NaN;
    const z = encodeChunk(cells).zone;
    expect(z.min).toBe(-1.5);
    expect(z.max).toBe(4996.5);
    expect(z.nulls).toBe(cells.filter((v) => v === null).length);
    const truth = new Set(cells.filter((v) => v !== null)).size;
    expect(Math.abs(z.distinct - truth) / truth).toBeLessThan(0.05);
    expect(encodeChunk([3, 3, 3]).zone.distinct).toBe(1);
  });

  it('gives up the dictionary of a mostly distinct text chunk early: plain UTF-8, every string back, zone min/max exact and distinct extrapolated', () => {
    const cells = Array.from({ length: chunkRows }, (_, i): Cell => (i % 11 === 0 ? null : i % 3 === 0 ? `ü-${i}` : i % 7 === 0 ? '' : `cust_${(i * 7919) % 1_000_003}`));
    const e = encodeChunk(cells);
    expect(e.encoding).toBe('utf8');
    expect(decodeChunk(e.bytes).cells()).toEqual(cells);
    const strings = cells.filter((v): v is string => v !== null);
    expect(e.zone.min).toBe('');
    expect(e.zone.max).toBe([...strings].sort().at(-1));
    expect(e.zone.nulls).toBe(cells.length - strings.length);
    const truth = new Set(strings).size;
    expect(Math.abs(e.zone.distinct - truth) / truth).toBeLessThan(0.2);
  });

  it('UTF-8 parts of ASCII text: zone min and max in string order (shared prefixes, a prefix of another value, the first value extreme)', () => {
    const values = ['2024-01-01 10:00:00', 'b', null, '2024-01-01 09:59:59', 'ab', 'abc', 'a', '2024-01-01 10:00:00+01', 'zz', 'z'];
    const strings = values.filter((v): v is string => v !== null);
    for (const order of [values, [...values].reverse()]) {
      const ordered = order.filter((v): v is string => v !== null);
      const e = encodeUtf8(
        Buffer.from(ordered.join(''), 'latin1'),
        Int32Array.from(order, (v) => (v === null ? 0 : v.length)),
        Uint8Array.from(order, (v) => (v === null ? 1 : 0)),
        1,
        true,
      );
      expect(e.zone).toMatchObject({ min: [...strings].sort()[0], max: [...strings].sort().at(-1), nulls: 1 });
      expect(decodeChunk(e.bytes).cells()).toEqual(order);
    }
  });
});
