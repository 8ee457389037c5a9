// Each cell reader's cases and its exact message (a serving client reads it), and frame()'s edges.
import { describe, expect, it } from 'vitest';
import { frame, frameColumn, FrameError, takeFrameRows, toCategory, toDate, toNumeric } from './frame';

describe('cell readers', () => {
  it('numbers: infinities, "true"/"false" in any case, blank text and non-numeric text', () => {
    expect(toNumeric('TRUE', 'x', 0)).toBe(1);
    expect(toNumeric(' False ', 'x', 0)).toBe(0);
    expect(toNumeric(NaN, 'x', 0)).toBeNaN();
    expect(toNumeric(undefined, 'x', 0)).toBeNaN();
    expect(() => toNumeric(Infinity, 'x', 3)).toThrow('Column "x", row 3: Infinity is not a number.');
    expect(() => toNumeric('1e999', 'x', 0)).toThrow('Column "x", row 0: "1e999" is not a number.');
    expect(() => toNumeric('abc', 'x', 2)).toThrow(new FrameError('Column "x", row 2: "abc" is not a number.', 'x', 2));
    const long = 'y'.repeat(41);
    expect(() => toNumeric(long, 'x', 0)).toThrow(`Column "x", row 0: "${'y'.repeat(40)}…" is not a number.`);
    expect(() => toNumeric('y'.repeat(40), 'x', 0)).toThrow(`Column "x", row 0: "${'y'.repeat(40)}" is not a number.`);
    expect(() => toNumeric(10n, 'x', 0)).toThrow('Column "x", row 0: bigint is not a number.');
  });

  it('a FrameError carries its column and row', () => {
    try {
      toNumeric({}, 'amount', 7);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FrameError);
      expect(e).toMatchObject({ name: 'FrameError', column: 'amount', row: 7, message: 'Column "amount", row 7: an object is not a number.' });
    }
  });

  it('categories: infinite numbers are missing, false is text, undefined missing', () => {
    expect(toCategory(Infinity, 'c', 0)).toBeNull();
    expect(toCategory(NaN, 'c', 0)).toBeNull();
    expect(toCategory(false, 'c', 0)).toBe('false');
    expect(toCategory(undefined, 'c', 0)).toBeNull();
    expect(toCategory(' x ', 'c', 0)).toBe(' x ');
    expect(() => toCategory([1], 'c', 1)).toThrow('Column "c", row 1: an array is not a category.');
  });

  it('dates: ISO text, missing tokens, and a clear refusal of anything else', () => {
    expect(toDate('2024-03-01T08:30:00Z', 'd', 0)).toBe(Date.UTC(2024, 2, 1, 8, 30));
    expect(toDate('NA', 'd', 0)).toBeNaN();
    expect(toDate(null, 'd', 0)).toBeNaN();
    expect(toDate(undefined, 'd', 0)).toBeNaN();
    expect(() => toDate(true, 'd', 4)).toThrow('Column "d", row 4: boolean is not a date; send ISO 8601 text such as "2024-03-01" or "2024-03-01T08:30:00Z".');
  });
});

describe('frame()', () => {
  it('an empty frame has no rows; the message names the ragged column and both counts', () => {
    expect(frame([])).toEqual({ rows: 0, columns: [] });
    expect(() => frame([{ name: 'x', kind: 'numeric', values: Float64Array.of(1, 2) }, { name: 'c', kind: 'categorical', values: ['a'] }])).toThrow('Column "c" has 1 values, expected 2.');
    expect(() => frame([{ name: 'x', kind: 'numeric', values: Float64Array.of(1) }, { name: 'x', kind: 'categorical', values: ['a'] }])).toThrow('Column "x" appears twice.');
  });

  it('frameColumn finds a column by name; takeFrameRows keeps date columns as dates and refuses fractions', () => {
    const f = frame([{ name: 'd', kind: 'date', values: Float64Array.of(5, 6, 7) }]);
    expect(frameColumn(f, 'd')?.kind).toBe('date');
    expect(frameColumn(f, 'e')).toBeUndefined();
    const t = takeFrameRows(f, [2, 1]);
    expect(t.columns[0]).toEqual({ name: 'd', kind: 'date', values: Float64Array.of(7, 6) });
    expect(() => takeFrameRows(f, [0.5])).toThrow('Row index 0.5 is outside 0..2.');
    expect(takeFrameRows(f, [2]).rows).toBe(1);
  });
});
