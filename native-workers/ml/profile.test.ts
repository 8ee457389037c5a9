import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { convert, inferType } from './infer';
import { ColumnAccumulator, histogram } from './profile';
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
