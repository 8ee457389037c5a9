import { describe, expect, it } from 'vitest';
import { alignedBuckets, PlotRing } from './plot-ring';

const rows = (ring: PlotRing, from = -Infinity, to = Infinity): number[][] => {
  const s = ring.slice(from, to);
  return [...s.t].map((t, i) => [t, ...s.columns.map((c) => c[i] ?? NaN)]);
};

describe('PlotRing', () => {
  it('keeps the newest `capacity` rows, in order and contiguous, across many wrap-arounds', () => {
    const ring = new PlotRing(5, 1);
    for (let t = 0; t < 23; t++) ring.append([t], [[t * 10]]);
    expect(ring.length).toBe(5);
    expect(rows(ring)).toEqual([18, 19, 20, 21, 22].map((t) => [t, t * 10]));
    expect([ring.oldest, ring.newest]).toEqual([18, 22]);
  });

  it('slices a time range (both ends included) and stores gaps and missing columns as NaN', () => {
    const ring = new PlotRing(10, 2);
    ring.append([1, 2, 3, 4], [[1, null, 3, 4], undefined]);
    expect(rows(ring, 2, 3)).toEqual([
      [2, NaN, NaN],
      [3, 3, NaN],
    ]);
    expect(ring.valueNear(3.4, 0)).toBe(3);
    expect(ring.valueNear(2.1, 0)).toBeNull();
  });

  it('slices are views: a slice of a full ring allocates no copy of the points', () => {
    const ring = new PlotRing(1000, 1);
    ring.append(Array.from({ length: 1500 }, (_, i) => i), [Array.from({ length: 1500 }, (_, i) => i)]);
    const s = ring.slice(600, 900);
    expect(s.t.length).toBe(301);
    expect(s.t.buffer.byteLength).toBe(2 * 1000 * 8);
  });
});

describe('alignedBuckets', () => {
  it('passes few rows through, NaN turned into null gaps', () => {
    const t = Float64Array.from([1, 2, 3]);
    expect(alignedBuckets(t, [Float64Array.from([5, NaN, 7])], 10)).toEqual([
      [1, 2, 3],
      [5, null, 7],
    ]);
  });

  it('keeps each bucket’s min and max in time order for every series on a shared time column, so a spike survives', () => {
    const n = 1000;
    const t = Float64Array.from({ length: n }, (_, i) => i);
    const a = Float64Array.from({ length: n }, (_, i) => (i === 437 ? 99 : 1));
    const b = Float64Array.from({ length: n }, (_, i) => (i === 10 ? -5 : 0));
    const [times, ys, zs] = alignedBuckets(t, [a, b], 100);
    expect(times.length).toBe(200);
    expect(ys?.length).toBe(200);
    expect(zs?.length).toBe(200);
    expect(Math.max(...(ys ?? []).map((v) => v ?? -Infinity))).toBe(99);
    expect(Math.min(...(zs ?? []).map((v) => v ?? Infinity))).toBe(-5);
    // Bucket 43 holds rows 430–439: the first time, the last time, and (1, 99) as the spike came after the minimum.
    expect(times.slice(86, 88)).toEqual([430, 439]);
    expect(ys?.slice(86, 88)).toEqual([1, 99]);
  });

  it('keeps a bucket with no numbers as a gap', () => {
    const t = Float64Array.from({ length: 40 }, (_, i) => i);
    const y = Float64Array.from({ length: 40 }, (_, i) => (i < 20 ? NaN : i));
    const [, ys] = alignedBuckets(t, [y], 4);
    expect(ys?.slice(0, 4)).toEqual([null, null, null, null]);
    expect(ys?.slice(4)).toEqual([20, 29, 30, 39]);
  });
});
