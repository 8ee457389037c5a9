import { describe, expect, it } from 'vitest';
import { minMaxDecimate } from './decimate';

describe('minMaxDecimate', () => {
  it('leaves short series alone', () => {
    expect(minMaxDecimate([1, 2, 3], [1, null, 3], 10)).toEqual({ t: [1, 2, 3], y: [1, null, 3] });
  });

  it('keeps a single spike among thousands of points', () => {
    const n = 10_000;
    const t = Array.from({ length: n }, (_, i) => i);
    const y = t.map((i) => (i === 4321 ? 100 : Math.sin(i / 50)));
    const d = minMaxDecimate(t, y, 100);
    expect(d.t.length).toBeLessThanOrEqual(100 * 4);
    expect(Math.max(...d.y.map((v) => v ?? -Infinity))).toBe(100);
    expect(d.t[d.y.indexOf(100)]).toBe(4321);
    // Time order is kept.
    expect(d.t.every((v, i) => i === 0 || v >= d.t[i - 1]!)).toBe(true);
  });

  it('keeps a gap where values were missing', () => {
    const t = Array.from({ length: 1000 }, (_, i) => i);
    const y = t.map((i) => (i >= 500 && i < 600 ? null : i));
    expect(minMaxDecimate(t, y, 20).y).toContain(null);
  });
});
