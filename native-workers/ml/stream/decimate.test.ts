import { describe, expect, it } from 'vitest';
import { lttb, minMaxDecimate } from './decimate';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('lttb', () => {
  it('returns the data unchanged when the threshold is not below the length', () => {
    expect(lttb([0, 1, 2], [5, null, 7], 10)).toEqual({ t: [0, 1, 2], y: [5, null, 7] });
    expect(lttb([], [], 10)).toEqual({ t: [], y: [] });
  });

  it('keeps the first and last points and exactly `threshold` points', () => {
    const t = range(1000);
    const y = t.map((i) => Math.sin(i / 30));
    const out = lttb(t, y, 100);
    expect(out.t.length).toBe(100);
    expect(out.t[0]).toBe(0);
    expect(out.t[99]).toBe(999);
    for (let i = 1; i < out.t.length; i++) expect(out.t[i]).toBeGreaterThan(out.t[i - 1]);
    out.t.forEach((ti, i) => expect(out.y[i]).toBe(y[ti]));
  });

  it('keeps a single spike in a flat series', () => {
    const t = range(1000);
    const y = t.map((i) => (i === 437 ? 50 : 1));
    const out = lttb(t, y, 20);
    expect(out.t).toContain(437);
    expect(Math.max(...(out.y as number[]))).toBe(50);
  });

  it('matches the reference algorithm on a small example', () => {
    // Worked by hand: buckets of 2 between the fixed endpoints; the triangle with the
    // next bucket's average picks the extreme point of each bucket.
    const t = [0, 1, 2, 3, 4, 5, 6, 7];
    const y = [0, 5, 0, 0, -5, 0, 0, 0];
    const out = lttb(t, y, 5);
    expect(out.t).toEqual([0, 1, 4, 5, 7]);
  });

  it('splits at nulls: each run is decimated alone and every null run becomes one gap point', () => {
    const t = range(300);
    const y: (number | null)[] = t.map((i) => (i >= 100 && i < 150 ? null : Math.cos(i / 10)));
    const out = lttb(t, y, 60);
    const gap = out.y.indexOf(null);
    expect(out.y.filter((v) => v === null)).toHaveLength(1);
    expect(out.t[gap]).toBe(100);
    expect(out.t[gap - 1]).toBe(99); // the run before the gap keeps its last point
    expect(out.t[gap + 1]).toBe(150); // and the one after its first
    expect(out.t[0]).toBe(0);
    expect(out.t[out.t.length - 1]).toBe(299);
    expect(out.t.length).toBeLessThanOrEqual(60);
  });

  it('keeps leading and trailing nulls as gap points', () => {
    const t = range(100);
    const y = t.map((i) => (i < 10 || i >= 90 ? null : i));
    const out = lttb(t, y, 10);
    expect(out.y[0]).toBeNull();
    expect(out.t[0]).toBe(0);
    expect(out.y[out.y.length - 1]).toBeNull();
    expect(out.t[out.t.length - 1]).toBe(90);
    expect(out.t).toContain(10);
    expect(out.t).toContain(89);
  });
});

describe('minMaxDecimate', () => {
  it('returns the data as is with fewer than 2 × buckets points', () => {
    expect(minMaxDecimate([0, 1, 2, 3], [1, 2, 3, 4], 2)).toEqual({ t: [0, 1, 2, 3], y: [1, 2, 3, 4] });
  });

  it('emits min and max per equal-time bucket in time order', () => {
    const t = range(12);
    const y = [5, 1, 9, 3, /* */ 8, 2, 2, 7, /* */ 0, 0, 0, 0];
    const out = minMaxDecimate(t, y, 3);
    // bucket 0: min 1 @1, max 9 @2; bucket 1: max 8 @4, min 2 @5; bucket 2: flat → one point
    expect(out).toEqual({ t: [1, 2, 4, 5, 8], y: [1, 9, 8, 2, 0] });
  });

  it('buckets by time, not by count', () => {
    const t = [0, 1, 2, 3, 4, 5, 6, 100];
    const y = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = minMaxDecimate(t, y, 2);
    expect(out).toEqual({ t: [0, 6, 100], y: [1, 7, 8] });
  });

  it('an all-null bucket becomes one gap point; nulls among numbers are skipped', () => {
    const t = range(12);
    const y = [1, null, 3, 2, null, null, null, null, 4, 5, null, 6];
    const out = minMaxDecimate(t, y, 3);
    expect(out).toEqual({ t: [0, 2, 4, 8, 11], y: [1, 3, null, 4, 6] });
  });

  it('keeps the global extremes of a long noisy series', () => {
    const t = range(100_000);
    const y = t.map((i) => Math.sin(i / 1000) + (i === 54_321 ? 10 : 0) - (i === 7 ? 10 : 0));
    const out = minMaxDecimate(t, y, 500);
    expect(out.t.length).toBeLessThanOrEqual(1000);
    expect(out.t).toContain(54_321);
    expect(out.t).toContain(7);
    for (let i = 1; i < out.t.length; i++) expect(out.t[i]).toBeGreaterThan(out.t[i - 1]);
  });
});
