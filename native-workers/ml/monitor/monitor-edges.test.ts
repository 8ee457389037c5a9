// Edges of the monitor's small pieces that the SciPy goldens do not reach: window names and their
// refusals, the stored form of a summary, calibration over chunks with no values, merging (#22).
import { describe, expect, it } from 'vitest';
import { calibrateColumn } from './calibrate';
import { decodeSummary, encodeSummary } from './codec';
import { ColumnSummarizer, mergeSummaries } from './summary';
import { parseWindow, windowKey, windowStart } from './window';

const summarise = (kind: 'numeric' | 'categorical', values: readonly unknown[]) => {
  const s = new ColumnSummarizer(kind);
  for (const v of values) s.add(v);
  return s.result();
};

describe('window specs', () => {
  it('every alias, any case, spaces around', () => {
    for (const [text, unit] of [['1h', 'hour'], ['H', 'hour'], [' hour ', 'hour'], ['1D', 'day'], ['d', 'day'], ['Day', 'day'], ['1w', 'week'], ['w', 'week']] as const) {
      expect(parseWindow(text)).toEqual({ kind: 'time', unit });
    }
    expect(parseWindow(' 25 ')).toEqual({ kind: 'rows', every: 25 });
  });

  it('refuses zero, fractions, signs and words, naming the text', () => {
    for (const text of ['0', '1.5', '-3', '+3', '2h', '', '10 rows']) {
      expect(() => parseWindow(text)).toThrow(`Window "${text}" is not one of 1h, 1d, 1w or a row count such as 1000.`);
    }
  });

  it('starts of hours, days and Monday weeks, before 1970 too; numbers are read as ms', () => {
    const t = Date.UTC(2026, 2, 4, 10, 30, 15);
    expect(windowStart(t, 'hour')).toBe(Date.UTC(2026, 2, 4, 10));
    expect(windowStart(t, 'day')).toBe(Date.UTC(2026, 2, 4));
    expect(windowStart(t, 'week')).toBe(Date.UTC(2026, 2, 2));
    // Thursday 1 January 1970 belongs to the week of Monday 29 December 1969.
    expect(windowStart(0, 'week')).toBe(Date.UTC(1969, 11, 29));
    expect(windowStart(Date.UTC(1970, 0, 5), 'week')).toBe(Date.UTC(1970, 0, 5));
    // Saturday 20 December 1969: the week of Monday 15 December (was the Monday after it).
    expect(windowStart(Date.UTC(1969, 11, 20, 13), 'week')).toBe(Date.UTC(1969, 11, 15));
    expect(windowStart(Date.UTC(1969, 11, 21, 23), 'week')).toBe(Date.UTC(1969, 11, 15));
    expect(windowKey({ kind: 'time', unit: 'hour' }, 7, t)).toBe('2026-03-04T10:00:00.000Z');
    expect(windowKey({ kind: 'time', unit: 'hour' }, 7, Number.NaN)).toBeNull();
    expect(windowKey({ kind: 'time', unit: 'hour' }, 7, null)).toBeNull();
    expect(windowKey({ kind: 'rows', every: 10 }, 9, null)).toBe('rows 1-10');
    expect(windowKey({ kind: 'rows', every: 10 }, 10, null)).toBe('rows 11-20');
  });
});

describe('stored summaries', () => {
  it('a numeric summary round-trips exactly, its sketch as base64 bytes', () => {
    const s = summarise('numeric', [3.25, -1e-300, 7, null, 'x', 1 / 3]);
    const stored = encodeSummary(s);
    if (stored.kind !== 'numeric') throw new Error('numeric expected');
    expect(typeof stored.sketch.values).toBe('string');
    const back = JSON.parse(JSON.stringify(stored)) as typeof stored;
    expect(decodeSummary(back)).toEqual(s);
    expect(stored.min).toBe(-1e-300);
    expect(stored.max).toBe(7);
  });

  it('an empty numeric column stores nulls and reads back as ±Infinity and NaN', () => {
    const s = summarise('numeric', [null, '']);
    const stored = encodeSummary(s);
    expect(stored).toMatchObject({ min: null, max: null, mean: null, std: null });
    const back = decodeSummary(JSON.parse(JSON.stringify(stored)) as typeof stored);
    if (back.kind !== 'numeric') throw new Error('numeric expected');
    expect([back.min, back.max, back.mean, back.std, back.missing]).toEqual([Infinity, -Infinity, NaN, NaN, 2]);
  });

  it('a categorical summary is stored as it is', () => {
    const s = summarise('categorical', ['a', 'b', 'a', null, '']);
    expect(encodeSummary(s)).toBe(s);
    expect(decodeSummary(s as Parameters<typeof decodeSummary>[0])).toBe(s);
  });
});

describe('calibration and merging', () => {
  it('leaves chunks with no values out of the statistic', () => {
    const values: unknown[] = [];
    for (let i = 0; i < 300; i++) values.push(i < 100 ? null : (i * 7919) % 101);
    const ref = summarise('numeric', values);
    const cal = calibrateColumn('numeric', values, ref, 'wasserstein', 100);
    expect(cal.chunks).toBe(2);
    expect(cal.std).toBeGreaterThanOrEqual(0);
    expect(cal.threshold).toBeCloseTo(cal.mean + 3 * cal.std, 12);
    expect(() => calibrateColumn('numeric', values, ref, 'wasserstein', 151)).toThrow('Calibration needs at least two chunks of 151 rows; the reference has 300.');
    expect(calibrateColumn('numeric', values, ref, 'wasserstein', 150).chunks).toBe(2);
  });

  it('merges like with like and refuses a mix', () => {
    const a = summarise('categorical', ['a', 'b', null]);
    const b = summarise('categorical', ['b', 'c']);
    expect(mergeSummaries(a, b)).toEqual({ kind: 'categorical', count: 4, missing: 1, counts: { a: 1, b: 2, c: 1 } });
    const x = summarise('numeric', [1, 2, null]);
    const y = summarise('numeric', [10]);
    expect(mergeSummaries(x, y)).toMatchObject({ count: 3, missing: 1, min: 1, max: 10 });
    expect(() => mergeSummaries(a, x)).toThrow('Only summaries of the same kind merge: one is numeric, the other categorical.');
  });
});
