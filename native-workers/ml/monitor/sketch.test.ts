import { describe, expect, it } from 'vitest';
import { rng } from '../tabular/rng';
import { mergePoints, moments, quantile, sketchOf, ValueSketch, type SketchPoints } from './sketch';

/** Distinct values and their counts, by brute force. */
function exact(values: readonly number[]): { values: number[]; weights: number[] } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  return { values: sorted, weights: sorted.map((v) => counts.get(v)!) };
}

const points = (p: SketchPoints) => ({ values: Array.from(p.values), weights: Array.from(p.weights) });

/** Integers with many repeats, in random order. */
function repeats(n: number, distinct: number, seed: number): number[] {
  const g = rng(seed);
  return Array.from({ length: n }, () => g.int(distinct) - distinct / 2);
}

describe('value sketch', () => {
  it.each([
    [10, 3],
    [5000, 40],
    [70_000, 900],
  ])('keeps %d values of %d distinct exactly: each value once, with its count', (n, distinct) => {
    const values = repeats(n, distinct, n);
    const s = sketchOf(values, 1000);
    expect(points(s)).toEqual(exact(values));
    expect(s.total).toBe(n);
  });

  it('grows its buffer past the first size, and folds a full buffer in as it goes', () => {
    // cap 20: the buffer starts at 16 values, grows to 80, then flushes every 80.
    const values = repeats(1000, 15, 2);
    const s = new ValueSketch(20);
    for (const v of values) s.add(v);
    expect(points(s.result())).toEqual(exact(values));
    // result() leaves the sketch usable, and adding after it counts once.
    s.add(100);
    expect(points(s.result())).toEqual(exact([...values, 100]));
  });

  it('past its cap keeps cap points at evenly spaced quantiles of the data, each weighing total / cap', () => {
    const g = rng(5);
    const values = Array.from({ length: 20_000 }, () => g.normal());
    const cap = 100;
    const s = sketchOf(values, cap);
    expect(s.total).toBe(20_000);
    expect(s.values.length).toBe(cap);
    const sorted = [...values].sort((a, b) => a - b);
    for (let k = 0; k < s.values.length; k++) {
      expect(s.weights[k]).toBe(200);
      if (k > 0) expect(s.values[k]).toBeGreaterThan(s.values[k - 1]!);
      expect(sorted).toContain(s.values[k]);
    }
    // Point k stands for the slice of the data around quantile (k + 0.5) / cap: the CDF moves by at most a few slices
    // (the data is folded in four caps at a time, each fold resampling once).
    for (let k = 0; k < cap; k++) {
      const rank = sorted.findIndex((v) => v >= s.values[k]!);
      expect(Math.abs(rank - (k + 0.5) * 200), `point ${k}`).toBeLessThan(4 * 200);
    }
  });

  it('resamples at the midpoints of equal slices of the weight, and keeps exactly cap distinct values as they are', () => {
    // 10 values into 5 points: slices of 2, midpoints at 1, 3, 5, 7, 9 of the cumulative weight.
    expect(points(sketchOf([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 5))).toEqual({ values: [0, 2, 4, 6, 8], weights: [2, 2, 2, 2, 2] });
    expect(points(sketchOf([1, 1, 1, 2, 3, 4, 5], 5))).toEqual({ values: [1, 2, 3, 4, 5], weights: [3, 1, 1, 1, 1] });
  });

  it('joins equal values when a resampled point falls twice on one heavy value', () => {
    // Half the data is one value: compaction picks it for half the slices, and joins them into one point.
    const values = [...new Array(5000).fill(3), ...Array.from({ length: 5000 }, (_, i) => i / 100)];
    const s = sketchOf(values, 50);
    expect(new Set(s.values).size).toBe(s.values.length);
    const at3 = Array.from(s.values).indexOf(3);
    expect(s.weights[at3]).toBeGreaterThanOrEqual(20 * (10_000 / 50));
    expect(Array.from(s.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(10_000, 6);
  });

  it('merges two sketches into the sketch of both', () => {
    const a = repeats(3000, 50, 7);
    const b = repeats(2000, 80, 8);
    const merged = mergePoints(sketchOf(a), sketchOf(b));
    expect(points(merged)).toEqual(exact([...a, ...b]));
    expect(merged.total).toBe(5000);
    const s = new ValueSketch(1000);
    for (const v of a) s.add(v);
    s.merge(sketchOf(b));
    expect(points(s.result())).toEqual(exact([...a, ...b]));
    expect(points(mergePoints(sketchOf([]), sketchOf(b)))).toEqual(exact(b));
  });

  it('gives numpy\'s inverted-CDF quantiles and the population moments', () => {
    const values = [5, 1, 3, 3, 9, 7, 3, 1];
    const s = sketchOf(values);
    // numpy.quantile(values, q, method='inverted_cdf')
    expect([0, 0.1, 0.25, 0.26, 0.5, 0.62, 0.75, 0.9, 1].map((q) => quantile(s, q))).toEqual([1, 1, 1, 3, 3, 3, 5, 9, 9]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(moments(s).mean).toBeCloseTo(mean, 14);
    expect(moments(s).std).toBeCloseTo(std, 14);
  });
});
