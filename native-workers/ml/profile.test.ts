import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { convert, inferType } from './infer';
import type { Cell, ColumnType } from '../../preload/contract/types';
import { binCount, ColumnAccumulator, describe as describeValues, distinctCount, histogram } from './profile';
import golden from './fixtures/profile-golden.json';
import { cases } from '../../main/host/testing';

interface NumericGolden {
  name: string;
  kind: 'numeric';
  count: number;
  missing: number;
  distinct: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  counts: number[];
  edges: number[];
}
interface TextGolden {
  name: string;
  kind: 'text';
  count: number;
  missing: number;
  distinct: number;
  top: [string, number][];
}

const dataDir = path.resolve(__dirname, '../../../shared/data');

describe('column profile against numpy (fixtures/make-profile-golden.py)', () => {
  for (const [file, columns] of cases(Object.entries(golden as Record<string, (NumericGolden | TextGolden)[]>), 'profiled files')) {
    it(file, () => {
      const parsed = Papa.parse<string[]>(fs.readFileSync(path.join(dataDir, file), 'utf8'), { skipEmptyLines: true });
      const [header, ...rows] = parsed.data;
      header.forEach((_, i) => {
        const raw = rows.map((r) => r[i]);
        const type = inferType(raw);
        const acc = new ColumnAccumulator(header[i], type);
        for (const v of raw) acc.push(convert(v, type).value);
        const got = acc.result();
        const want = columns[i];
        expect(got.count).toBe(want.count);
        expect(got.missing).toBe(want.missing);
        expect(got.distinct).toBe(want.distinct);
        if (want.kind === 'numeric') {
          expect(['integer', 'number']).toContain(got.type);
          expect(got.min).toBe(want.min);
          expect(got.max).toBe(want.max);
          expect(got.mean).toBeCloseTo(want.mean, 9);
          expect(got.std).toBeCloseTo(want.std, 9);
          expect(got.histogram.map((b) => b.count)).toEqual(want.counts);
          got.histogram.forEach((b, k) => expect(b.x0).toBeCloseTo(want.edges[k], 9));
        } else {
          expect(got.topValues.map((t) => [t.value, t.count])).toEqual(want.top);
        }
      });
    });
  }
});

describe('histogram', () => {
  it('puts the maximum in the last, closed bin', () => {
    expect(histogram(Float64Array.from([0, 1, 2, 3, 4]), 2).map((b) => b.count)).toEqual([2, 3]);
  });
  it('widens a constant column like numpy', () => {
    const bins = histogram(Float64Array.from([5, 5, 5]), 3);
    expect(bins[0].x0).toBe(4.5);
    expect(bins[2].x1).toBe(5.5);
    expect(bins.map((b) => b.count)).toEqual([0, 3, 0]);
  });
  it('is empty for no values', () => {
    expect(histogram(new Float64Array(0), 5)).toEqual([]);
  });
});

describe('ColumnAccumulator by type', () => {
  const profile = (type: ColumnType, values: readonly Cell[]) => {
    const acc = new ColumnAccumulator('c', type);
    for (const v of values) acc.push(v);
    return acc.result();
  };

  it('profiles a boolean column by its counts, NaN and null as missing', () => {
    expect(profile('boolean', [1, 0, 1, null, NaN, 2])).toEqual({
      name: 'c',
      type: 'boolean',
      count: 6,
      missing: 2,
      distinct: 3,
      min: null,
      max: null,
      mean: null,
      std: null,
      histogram: [],
      topValues: [
        { value: 'true', count: 2 },
        { value: '2', count: 1 },
        { value: 'false', count: 1 },
      ],
    });
  });

  it('counts text as it is ("NaN" is a value), the ten most frequent first, ties by value', () => {
    const words = ['NaN', 'b', 'a', 'b', ...'cdefghijklm'.split('')];
    const p = profile('categorical', words);
    expect([p.missing, p.distinct]).toEqual([0, 14]);
    expect(p.topValues.map((t) => t.value)).toEqual(['b', 'NaN', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(p.topValues[0]).toEqual({ value: 'b', count: 2 });
    expect(profile('text', [7, 7, 'x']).topValues).toEqual([
      { value: '7', count: 2 },
      { value: 'x', count: 1 },
    ]);
  });

  it('keeps numbers only in a numeric column\'s statistics, past its first 1,024 rows', () => {
    const many = Array.from({ length: 3000 }, (_, i) => i - 1000);
    const p = profile('integer', [...many, 'stray', null]);
    expect([p.count, p.missing, p.distinct, p.min, p.max, p.mean]).toEqual([3002, 1, 3000, -1000, 1999, 499.5]);
    expect(p.topValues).toEqual([]);
    expect(p.histogram.reduce((s, b) => s + b.count, 0)).toBe(3000);
    expect(profile('number', [2.5, -1]).std).toBeCloseTo(Math.sqrt(6.125), 12);
    expect(profile('number', [2.5]).std).toBeNull();
    expect(profile('number', [])).toMatchObject({ min: null, max: null, mean: null, std: null, distinct: 0, histogram: [] });
  });
});

/** The double next to x, up (+1) or down (−1). */
function nextDouble(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * Number.MIN_VALUE;
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0] += BigInt(x > 0 === dir > 0 ? 1 : -1);
  return new Float64Array(bits.buffer)[0]!;
}

describe('statistics helpers', () => {
  it('describes, counts distinct values and picks Sturges bins (at most 50)', () => {
    expect(describeValues(Float64Array.from([3, -2, 7, -2]))).toMatchObject({ min: -2, max: 7, mean: 1.5 });
    expect(distinctCount(Float64Array.from([1, 1, 2, -0, 0]))).toBe(3);
    expect(distinctCount(new Float64Array(0))).toBe(0);
    expect([0, 1, 2, 3, 1000, 1e20].map(binCount)).toEqual([0, 1, 2, 3, 11, 50]);
  });

  it('puts a value lying on an edge in the bin that edge opens, as numpy does', () => {
    for (const [lo, hi, bins] of [[0, 0.7, 7], [0, 1.1, 11], [0.1, 0.3, 6], [-1.3, 2.9, 13], [0, 1, 10], [0, 0.3, 3]] as const) {
      const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
      edges[bins] = hi;
      // Each edge, and the doubles just above and just below it: where (v − min) · scale rounds across the edge.
      const values = Float64Array.from([...edges, ...edges.slice(0, -1).map((e) => nextDouble(e, 1)), ...edges.slice(1).map((e) => nextDouble(e, -1))]);
      const want = new Array<number>(bins).fill(0);
      for (const v of values) {
        let b = 0;
        while (b < bins - 1 && v >= edges[b + 1]!) b++;
        want[b]++;
      }
      expect(histogram(values, bins).map((b) => b.count), `${lo}…${hi} in ${bins}`).toEqual(want);
    }
  });
});
