import { describe, expect, it } from 'vitest';
import { lttb, minMaxDecimate } from './decimate';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Steinarsson's own JavaScript LTTB (flot-downsample, MIT), transcribed over [t, y] pairs: the
 * oracle for data without nulls, written apart from the code under test.
 */
function referenceLttb(data: readonly (readonly [number, number])[], threshold: number): (readonly [number, number])[] {
  const len = data.length;
  if (threshold >= len || threshold === 0) return [...data];
  const sampled: (readonly [number, number])[] = [data[0]!];
  const every = (len - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    let avgX = 0;
    let avgY = 0;
    let avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, len);
    const avgLen = avgEnd - avgStart;
    for (; avgStart < avgEnd; avgStart++) {
      avgX += data[avgStart]![0];
      avgY += data[avgStart]![1];
    }
    avgX /= avgLen;
    avgY /= avgLen;
    const [ax, ay] = data[a]!;
    let maxArea = -1;
    let nextA = a;
    for (let r = Math.floor(i * every) + 1; r < Math.floor((i + 1) * every) + 1; r++) {
      const area = Math.abs((ax - avgX) * (data[r]![1] - ay) - (ax - data[r]![0]) * (avgY - ay)) * 0.5;
      if (area > maxArea) {
        maxArea = area;
        nextA = r;
      }
    }
    sampled.push(data[nextA]!);
    a = nextA;
  }
  sampled.push(data[len - 1]!);
  return sampled;
}

/** A small deterministic generator (the tests must not change between runs). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

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

  it("picks exactly the reference implementation's points on irregular random series", () => {
    const rand = lcg(7);
    for (const [n, threshold] of [[50, 7], [333, 40], [1000, 101], [97, 96], [10, 3]] as const) {
      let at = 0;
      const t = Array.from({ length: n }, () => (at += 0.1 + rand() * 3));
      const y = t.map(() => Math.round((rand() - 0.5) * 2000) / 10);
      const out = lttb(t, y, threshold);
      const expected = referenceLttb(t.map((ti, i) => [ti, y[i]!] as const), threshold);
      expect(out.t).toEqual(expected.map((p) => p[0]));
      expect(out.y).toEqual(expected.map((p) => p[1]));
    }
  });

  it('keeps the first of equally large triangles', () => {
    // Bucket 1 holds points 1 and 2 at the same distance from the line between point 0 and the next bucket.
    const out = lttb([0, 1, 2, 3, 4], [0, 1, -1, 0, 0], 3);
    expect(out.t).toEqual([0, 1, 4]);
  });

  it('below 3 points a run keeps only its endpoints; a fractional threshold is rounded down; a threshold below 1 or NaN returns a copy', () => {
    const t = range(10);
    const y = t.map((i) => i * i);
    expect(lttb(t, y, 2)).toEqual({ t: [0, 9], y: [0, 81] });
    expect(lttb(t, y, 1)).toEqual({ t: [0, 9], y: [0, 81] });
    expect(lttb(t, y, 2.9)).toEqual({ t: [0, 9], y: [0, 81] });
    expect(lttb(t, y, 3.9).t).toHaveLength(3);
    for (const bad of [0, 0.5, -3, Number.NaN]) {
      const copy = lttb(t, y, bad);
      expect(copy).toEqual({ t, y });
      expect(copy.t).not.toBe(t);
    }
    // Lengths that differ: only the common prefix counts.
    expect(lttb([0, 1, 2, 3], [1, 2], 5)).toEqual({ t: [0, 1], y: [1, 2] });
  });

  it('shares the budget between runs in proportion to their length, and treats NaN as a gap like null', () => {
    // Runs of 100 and 300 numbers around one gap: 41 points = 1 gap point + 10 + 30.
    const t = range(401);
    const y: (number | null)[] = t.map((i) => (i === 100 ? Number.NaN : Math.sin(i / 7)));
    const out = lttb(t, y, 41);
    expect(out.t).toHaveLength(41);
    const gap = out.t.indexOf(100);
    expect(gap).toBe(10);
    expect(out.y[gap]).toBeNull();
    expect(out.t.slice(0, gap).every((ti) => ti < 100)).toBe(true);
    expect(out.t.slice(gap + 1)).toHaveLength(30);
    // Each run is decimated alone: the same points as LTTB over that run by itself.
    expect(out.t.slice(0, gap)).toEqual(lttb(t.slice(0, 100), y.slice(0, 100), 10).t);
    expect(out.t.slice(gap + 1)).toEqual(lttb(t.slice(101), y.slice(101), 30).t);
  });

  it('keeps both endpoints of every short run even past the threshold, and a one-point run whole', () => {
    const t = range(12);
    const y = [1, 2, 3, null, 4, null, 5, 6, null, 7, 8, 9];
    const out = lttb(t, y, 4);
    expect(out).toEqual({ t: [0, 2, 3, 4, 5, 6, 7, 8, 9, 11], y: [1, 3, null, 4, null, 5, 6, null, 7, 9] });
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

  it('keeps the first of equal minima and maxima, and one point per bucket when they coincide', () => {
    const t = range(8);
    const y = [2, 1, 1, 2, 5, 5, 4, 4];
    const out = minMaxDecimate(t, y, 2);
    expect(out).toEqual({ t: [0, 1, 4, 6], y: [2, 1, 5, 4] });
  });

  it('puts every point in one bucket when all share one time, treats NaN as null, and rounds the bucket count down', () => {
    expect(minMaxDecimate([5, 5, 5, 5, 5], [1, 4, 2, 0, 3], 2)).toEqual({ t: [5, 5], y: [4, 0] });
    expect(minMaxDecimate(range(8), [1, Number.NaN, 3, 2, Number.NaN, Number.NaN, Number.NaN, Number.NaN], 2)).toEqual({ t: [0, 2, 4], y: [1, 3, null] });
    expect(minMaxDecimate(range(8), [1, 9, 3, 2, 4, 0, 7, 6], 2.9)).toEqual(minMaxDecimate(range(8), [1, 9, 3, 2, 4, 0, 7, 6], 2));
    expect(minMaxDecimate(range(8), [1, 9, 3, 2, 4, 0, 7, 6], Number.NaN)).toEqual({ t: range(8), y: [1, 9, 3, 2, 4, 0, 7, 6] });
    expect(minMaxDecimate(range(8), [1, 9, 3, 2, 4, 0, 7, 6], 0)).toEqual({ t: range(8), y: [1, 9, 3, 2, 4, 0, 7, 6] });
  });
});
