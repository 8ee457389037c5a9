import { describe, expect, it } from 'vitest';
import { parseDuration, parseWindow, windowStart, windowsOf } from './windows';

// The edges of window and duration text (anchors, decimals, spaces, trimming, zero, one) and of grouping
// (the end of every time window, no rows at all, a count that divides the rows exactly), each checked
// against values worked out by hand in the comments.

const hour = 3_600_000;
const day = 86_400_000;

describe('parseDuration', () => {
  it('reads decimals, spaces before the unit and text with blanks around it', () => {
    // 1.25 h = 1.25 × 3 600 000 ms; 0.5 s = 500 ms; 5 min = 300 000 ms; 30 min = 1 800 000 ms; 2 d = 172 800 000 ms.
    expect(parseDuration('1.25h')).toBe(4_500_000);
    expect(parseDuration('0.5s')).toBe(500);
    expect(parseDuration('5 m')).toBe(300_000);
    expect(parseDuration(' 30m ')).toBe(1_800_000);
    expect(parseDuration('\t2d\n')).toBe(172_800_000);
  });

  it('refuses text before or after the duration, a letter between number and unit, and zero', () => {
    for (const text of ['x5m', '5mx', '5xm', '0s', '0.0m']) {
      expect(() => parseDuration(text), text).toThrow(RangeError);
      expect(() => parseDuration(text), text).toThrow(/is not a duration/);
    }
  });
});

describe('parseWindow', () => {
  it('trims the text and ignores case for hour, day and week, and trims the other forms too', () => {
    expect(parseWindow(' Day ')).toEqual({ kind: 'time', ms: day, text: '1d' });
    expect(parseWindow('WEEK')).toEqual({ kind: 'time', ms: 7 * day, text: '1w' });
    expect(parseWindow(' 6h ')).toEqual({ kind: 'time', ms: 6 * hour, text: '6h' });
    expect(parseWindow(' 500 ')).toEqual({ kind: 'count', n: 500, text: '500' });
  });

  it('takes several digits and decimals before h, d or w', () => {
    // 12 h = 43 200 000 ms; 1.25 d = 1.25 × 86 400 000 = 108 000 000 ms; 2 w = 14 days.
    expect(parseWindow('12h')).toEqual({ kind: 'time', ms: 43_200_000, text: '12h' });
    expect(parseWindow('1.25d')).toEqual({ kind: 'time', ms: 108_000_000, text: '1.25d' });
    expect(parseWindow('2w')).toEqual({ kind: 'time', ms: 14 * day, text: '2w' });
  });

  it('takes a count window of one prediction and refuses zero, saying N ≥ 1', () => {
    expect(parseWindow('1')).toEqual({ kind: 'count', n: 1, text: '1' });
    expect(() => parseWindow('0')).toThrow(RangeError);
    expect(() => parseWindow('0')).toThrow('A window of N predictions needs N ≥ 1.');
  });

  it('says "not a window" for anything else, even text that only holds a window or a duration', () => {
    // 'x6h' and '6hx' hold a window but are not one; '30m' and '6 h' are durations but no window.
    for (const text of ['x500', '1.5', 'x6h', '6hx', '30m', '6 h']) {
      expect(() => parseWindow(text), text).toThrow(RangeError);
      expect(() => parseWindow(text), text).toThrow(/is not a window/);
    }
  });
});

describe('windowStart', () => {
  it('shifts only whole weeks to Monday; other lengths count from the epoch', () => {
    // 5 h windows from the epoch start at 0, 5 h, 10 h…: 7 h falls in [5 h, 10 h).
    expect(windowStart(7 * hour, 5 * hour)).toBe(5 * hour);
    // 3 d windows: [0, 3 d), [3 d, 6 d): day 5 falls in the second.
    expect(windowStart(5 * day, 3 * day)).toBe(3 * day);
    // 2 w windows start on Mondays; epoch day 4 (1970-01-05) was the first one: day 5 is in [4 d, 18 d).
    expect(windowStart(5 * day, 14 * day)).toBe(4 * day);
  });
});

describe('windowsOf', () => {
  it('ends each time window, the last one too, one window length after its start', () => {
    const t0 = Date.UTC(2026, 0, 5);
    const at = [t0 + 1, t0 + day + 5, t0 + day + 6];
    expect(windowsOf(at, (x) => x, parseWindow('1d'))).toEqual([
      { start: t0, end: t0 + day, rows: [t0 + 1] },
      { start: t0 + day, end: t0 + 2 * day, rows: [t0 + day + 5, t0 + day + 6] },
    ]);
  });

  it('gives no windows for no rows, by time or by count', () => {
    // The row reader is never called when there are no rows.
    const at = (r: { t: number }): number => r.t;
    expect(windowsOf([], at, parseWindow('1d'))).toEqual([]);
    expect(windowsOf([], at, parseWindow('2'))).toEqual([]);
  });

  it('splits rows that a count divides exactly into full windows, with no empty one after', () => {
    // Rows 10, 20 | 30, 40: the first ends where the next starts (30), the last at its last row + 1 (41).
    const rows = [{ t: 10 }, { t: 20 }, { t: 30 }, { t: 40 }];
    expect(windowsOf(rows, (r) => r.t, parseWindow('2'))).toEqual([
      { start: 10, end: 30, rows: [{ t: 10 }, { t: 20 }] },
      { start: 30, end: 41, rows: [{ t: 30 }, { t: 40 }] },
    ]);
  });
});
