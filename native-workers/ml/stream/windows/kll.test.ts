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
});
