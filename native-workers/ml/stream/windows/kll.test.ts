import { describe, expect, it } from 'vitest';
import { KllSketch, kllRankError } from './kll';
import { exactLimit, QuantileBuffer } from './quantiles';

function rankOf(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The values 1…n in a fixed shuffled order (a sketch must not depend on arrival order being sorted). */
function shuffled(n: number, seed: number): number[] {
  const xs = Array.from({ length: n }, (_, i) => i + 1);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

describe('KLL sketch for large windows', () => {
  it(`stays within its stated rank error (${(kllRankError * 100).toFixed(2)} %) on a million skewed values, in bounded memory`, () => {
    const sketch = new KllSketch();
    const n = 1_000_000;
    const all = new Float64Array(n);
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const x = Math.exp((s / 2 ** 31) * 8); // heavy right tail
      all[i] = x;
      sketch.add(x);
    }
    all.sort();
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99]) {
      const err = Math.abs(rankOf(all, sketch.quantile(q)) / n - q);
      expect(err, `q=${q}`).toBeLessThan(kllRankError * 1.5);
    }
    expect(sketch.retained).toBeLessThan(1000);
  });

  it('a window is exact up to exactLimit values, then switches to the sketch', () => {
    const b = new QuantileBuffer();
    for (let i = 1; i <= exactLimit; i++) b.add(i);
    expect(b.exact).toBe(true);
    expect(b.quantile(0.95)).toBeCloseTo(1 + 0.95 * (exactLimit - 1), 9);
    for (let i = exactLimit + 1; i <= 100_000; i++) b.add(i);
    expect(b.exact).toBe(false);
    expect(Math.abs(b.quantile(0.95) - 95_000) / 100_000).toBeLessThan(kllRankError * 1.5);
  });

  it('merged sketches answer as one sketch of both', () => {
    const a = new KllSketch(1);
    const b = new KllSketch(2);
    for (let i = 0; i < 50_000; i++) (i % 2 ? a : b).add(i);
    a.merge(b);
    expect(a.count).toBe(50_000);
    expect(Math.abs(a.quantile(0.5) - 25_000) / 50_000).toBeLessThan(kllRankError * 1.5);
  });

  it('is exact while it holds at most k values: the smallest value whose rank reaches q·n; NaN when empty', () => {
    const sketch = new KllSketch();
    expect(sketch.quantile(0.5)).toBeNaN();
    for (const x of shuffled(200, 7)) sketch.add(x);
    expect(sketch.retained).toBe(200);
    expect(sketch.count).toBe(200);
    expect([0, 0.001, 0.5, 0.5025, 0.99, 1].map((q) => sketch.quantile(q))).toEqual([1, 1, 100, 101, 198, 200]);
  });

  it('compacts once past k: an odd value stays behind, half of the rest moves up (with weight 2)', () => {
    const sketch = new KllSketch();
    for (const x of shuffled(201, 11)) sketch.add(x);
    // 201 values: 1 kept at weight 1, 100 of the other 200 moved up at weight 2.
    expect(sketch.retained).toBe(101);
    expect(sketch.count).toBe(201);
    expect(sketch.quantile(0)).toBeLessThanOrEqual(2);
    expect(sketch.quantile(1)).toBeGreaterThanOrEqual(200);
  });

  it('keeps within the stated rank error at every percentile, for any arrival order and seed, in a few hundred values', () => {
    const n = 20_000;
    for (const seed of [1, 2, 3, 0x9e3779b9]) {
      const sketch = new KllSketch(seed);
      for (const x of shuffled(n, seed)) sketch.add(x);
      // Values are 1…n: a value's rank is the value itself.
      for (let p = 1; p < 100; p++) {
        const err = Math.abs(sketch.quantile(p / 100) - (p / 100) * n) / n;
        expect(err, `seed ${seed}, q = ${p / 100}`).toBeLessThan(kllRankError);
      }
      expect(sketch.retained).toBeLessThan(700);
    }
  });

  it('a seed of 0 is taken as 1 (xorshift would be stuck at 0), and other seeds compact differently', () => {
    const run = (seed: number): number[] => {
      const s = new KllSketch(seed);
      for (const x of shuffled(5000, 3)) s.add(x);
      return [0.1, 0.3, 0.5, 0.7, 0.9].map((q) => s.quantile(q));
    };
    expect(run(0)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
  });

  it('merging into an empty sketch gives the same answers; merging two small ones is exact, two that overflow compact once', () => {
    const big = new KllSketch(5);
    for (const x of shuffled(30_000, 5)) big.add(x);
    const copy = new KllSketch(5);
    copy.merge(big);
    expect(copy.count).toBe(big.count);
    expect(copy.retained).toBe(big.retained);
    for (const q of [0, 0.1, 0.5, 0.9, 1]) expect(copy.quantile(q)).toBe(big.quantile(q));

    const a = new KllSketch();
    const b = new KllSketch();
    shuffled(200, 9).forEach((x, i) => (i % 2 ? a : b).add(x));
    a.merge(b);
    expect(a.retained).toBe(200);
    expect(a.quantile(0.5)).toBe(100);

    const c = new KllSketch();
    const d = new KllSketch();
    shuffled(300, 13).forEach((x, i) => (i % 2 ? c : d).add(x));
    c.merge(d);
    // 300 values at level 0: 150 move up; 150 fit the two levels' capacity (200 + 134), so one compaction.
    expect(c.retained).toBe(150);
    expect(c.count).toBe(300);
  });
});

describe('QuantileBuffer', () => {
  it('is exact at every size up to exactLimit (growing past its first buffer), then a sketch holding every value so far', () => {
    for (const n of [1, 15, 16, 17, 33, exactLimit - 1, exactLimit]) {
      const b = new QuantileBuffer();
      const xs = shuffled(n, n);
      for (const x of xs) b.add(x);
      expect(b.exact).toBe(true);
      // numpy's linear percentile of 1…n at q is 1 + q·(n − 1).
      for (const q of [0, 0.25, 0.5, 0.95, 1]) expect(b.quantile(q), `n ${n}, q ${q}`).toBeCloseTo(1 + q * (n - 1), 9);
    }
    const b = new QuantileBuffer();
    expect(b.quantile(0.5)).toBeNaN();
    for (const x of shuffled(exactLimit + 1, 1)) b.add(x);
    expect(b.exact).toBe(false);
    // The exact values went into the sketch: its median is the middle of 1…4097, not of what came after.
    expect(Math.abs(b.quantile(0.5) - (exactLimit + 2) / 2) / exactLimit).toBeLessThan(kllRankError);
  });

  it('merges exact buffers value by value, and a sketched one into an exact or a sketched one', () => {
    const low = new QuantileBuffer();
    const high = new QuantileBuffer();
    for (let i = 1; i <= 100; i++) low.add(i);
    for (let i = 101; i <= 200; i++) high.add(i);
    low.merge(high);
    expect(low.exact).toBe(true);
    expect(low.quantile(0.5)).toBeCloseTo(100.5, 9);

    const big = new QuantileBuffer();
    for (const x of shuffled(10_000, 4)) big.add(x + 200);
    low.merge(big);
    expect(low.exact).toBe(false);
    expect(Math.abs(low.quantile(0.5) - 5100) / 10_200).toBeLessThan(kllRankError);
    const twice = new QuantileBuffer();
    for (const x of shuffled(10_000, 6)) twice.add(x + 10_200);
    low.merge(twice);
    expect(Math.abs(low.quantile(0.5) - 10_100) / 20_200).toBeLessThan(kllRankError);
  });
});
