import { describe, expect, it } from 'vitest';
import { SeriesRing } from './ring';

describe('SeriesRing', () => {
  it('keeps rows in order and returns a time window with nulls for gaps', () => {
    const r = new SeriesRing(10);
    r.append([1, 2, 3], { a: [10, null, 30] });
    expect(r.length).toBe(3);
    expect(r.window(2, 3)).toEqual({ t: [2, 3], series: { a: [null, 30] } });
    expect(r.window(0, 100).t).toEqual([1, 2, 3]);
    expect(r.window(4, 9)).toEqual({ t: [], series: { a: [] } });
  });

  it('overwrites the oldest rows when full', () => {
    const r = new SeriesRing(3);
    r.append([1, 2], { a: [1, 2] });
    r.append([3, 4, 5], { a: [3, 4, 5] });
    expect(r.length).toBe(3);
    expect(r.oldest).toBe(3);
    expect(r.newest).toBe(5);
    expect(r.window(0, 10)).toEqual({ t: [3, 4, 5], series: { a: [3, 4, 5] } });
  });

  it('trims by time and counts rows in a window', () => {
    const r = new SeriesRing(100);
    const t = Array.from({ length: 50 }, (_, i) => 1_700_000_000_000 + i * 100);
    r.append(t, { x: t.map((_, i) => i) });
    r.trimBefore(t[20]!);
    expect(r.length).toBe(30);
    expect(r.oldest).toBe(t[20]);
    // Both ends are inclusive, even at epoch-millisecond magnitudes.
    expect(r.countIn(t[25]!, t[29]!)).toBe(5);
    expect(r.window(t[25]!, t[29]!).series.x).toEqual([5, 6, 7, 8, 9].map((i) => i + 20));
  });

  it('gives a series that appears mid-stream gaps before it, and a missing one gaps after', () => {
    const r = new SeriesRing(10);
    r.append([1, 2], { a: [1, 2] });
    r.append([3], { a: [3], 'a.mean': [2] });
    r.append([4], { 'a.mean': [2.5] });
    expect(r.names()).toEqual(['a', 'a.mean']);
    expect(r.window(0, 10).series).toEqual({ a: [1, 2, 3, null], 'a.mean': [null, null, 2, 2.5] });
  });

  it('wraps around many times without losing order', () => {
    const r = new SeriesRing(7);
    for (let i = 0; i < 100; i++) r.append([i], { v: [i * 2] });
    expect(r.window(0, 1000)).toEqual({ t: [93, 94, 95, 96, 97, 98, 99], series: { v: [186, 188, 190, 192, 194, 196, 198] } });
  });
});
