import { describe, expect, it } from 'vitest';
import { parseWindow, windowKey } from './window';

describe('windows', () => {
  it('reads 1h/1d/1w and row counts, and says what it accepts otherwise', () => {
    expect(parseWindow('1d')).toEqual({ kind: 'time', unit: 'day' });
    expect(parseWindow('week')).toEqual({ kind: 'time', unit: 'week' });
    expect(parseWindow('500')).toEqual({ kind: 'rows', every: 500 });
    expect(() => parseWindow('2 days')).toThrow(/1h, 1d, 1w or a row count/);
  });

  it('names a window by its UTC start; weeks start on Monday', () => {
    expect(windowKey({ kind: 'time', unit: 'hour' }, 0, '2026-03-04T10:59:59Z')).toBe('2026-03-04T10:00:00.000Z');
    expect(windowKey({ kind: 'time', unit: 'day' }, 0, '2026-03-04T23:59:59Z')).toBe('2026-03-04T00:00:00.000Z');
    // 2026-03-08 is a Sunday: its week began Monday 2026-03-02.
    expect(windowKey({ kind: 'time', unit: 'week' }, 0, '2026-03-08T12:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(windowKey({ kind: 'time', unit: 'week' }, 0, '2026-03-09T00:00:00Z')).toBe('2026-03-09T00:00:00.000Z');
    expect(windowKey({ kind: 'time', unit: 'day' }, 0, 'not a time')).toBeNull();
  });

  it('numbers row-count windows from one', () => {
    expect(windowKey({ kind: 'rows', every: 100 }, 0, null)).toBe('rows 1-100');
    expect(windowKey({ kind: 'rows', every: 100 }, 250, null)).toBe('rows 201-300');
  });
});
