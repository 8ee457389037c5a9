import { describe, expect, it } from 'vitest';
import { columnNames, convert, convertFitting, inferType, inferTypeTolerant, isMissing, mayBeMissing, notFitting, widen } from './infer';

describe('inferType', () => {
  it('finds the narrowest type that fits every present value', () => {
    expect(inferType(['1', '2', '-3'])).toBe('integer');
    expect(inferType(['1', '2.5', '1e3'])).toBe('number');
    expect(inferType(['true', 'FALSE'])).toBe('boolean');
    expect(inferType(['1', 'x'])).toBe('text');
    expect(inferType(['1', 'NA', '', '3'])).toBe('integer');
    expect(inferType(['NA', ''])).toBe('text');
    expect(inferType(['9007199254740993'])).toBe('number');
  });
});

/** `fit` integers and `stray` text cells (plus missing ones, which do not count either way). */
function ages(fit: number, stray: number): string[] {
  return [...Array.from({ length: fit }, (_, i) => String(20 + (i % 60))), ...Array.from({ length: stray }, () => 'n/a?'), 'NA', ''];
}

describe('inferTypeTolerant', () => {
  it('types a column when exactly 95 % of its present values fit, not at 94 %', () => {
    expect(inferTypeTolerant(ages(95, 5))).toEqual({ type: 'integer', misfits: 5 });
    expect(inferTypeTolerant(ages(94, 6))).toEqual({ type: 'text', misfits: 0 });
    expect(inferTypeTolerant(ages(19, 1))).toEqual({ type: 'integer', misfits: 1 });
    expect(inferTypeTolerant(ages(18, 1))).toEqual({ type: 'text', misfits: 0 });
  });

  it('gives what inferType gives when every value fits, and the type most values fit otherwise', () => {
    expect(inferTypeTolerant(['1', '2', 'NA'])).toEqual({ type: 'integer', misfits: 0 });
    expect(inferTypeTolerant(['1', 'x'])).toEqual({ type: 'text', misfits: 0 });
    // 96 integers, 2 decimals and 2 words: number fits 98, integer 96.
    expect(inferTypeTolerant([...ages(96, 0), '1.5', '2.5', 'old', 'young'])).toEqual({ type: 'number', misfits: 2 });
    expect(inferTypeTolerant([...Array.from({ length: 40 }, (_, i) => (i % 2 ? 'true' : 'false')), 'maybe'])).toEqual({ type: 'boolean', misfits: 1 });
  });
});

describe('convert', () => {
  it('converts and says when the column must widen', () => {
    expect(convert(' 42 ', 'integer')).toEqual({ value: 42, widen: null });
    expect(convert('4.5', 'integer')).toEqual({ value: 4.5, widen: 'number' });
    expect(convert('abc', 'number')).toEqual({ value: 'abc', widen: 'text' });
    expect(convert('NA', 'number')).toEqual({ value: null, widen: null });
    expect(convert('True', 'boolean')).toEqual({ value: 1, widen: null });
  });
  it('widens to the wider type, booleans to text', () => {
    expect(widen('integer', 'number')).toBe('number');
    expect(widen('number', 'integer')).toBe('number');
    expect(widen('boolean', 'integer')).toBe('text');
  });
});

describe('convertFitting on integer and number columns', () => {
  // The rules as the regexes state them (after the missing tokens), checked against the digit-by-digit fast paths.
  const byRegex = (raw: string, type: 'integer' | 'number'): unknown => {
    const v = raw.trim();
    if (['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-', '#n/a'].includes(v.toLowerCase())) return null;
    if (type === 'integer') return /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : notFitting;
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : notFitting;
  };
  const samples = ['0', '-0', '+7', '007', '-12', '123456789012345', '1234567890123456', '9007199254740993', '-', '+', '1.', '.5', '+.5', '-.5', '.', '1.2.3', '1e3', '1E-2', '2.5e', '0x1F', 'Infinity', ' 42 ', '4 2', '١٢', '12a', '--1', '3.14159', '-0.000'];
  it('reads every plain integer and decimal as Number() does, and refuses what the regexes refuse', () => {
    for (const raw of samples) {
      for (const type of ['integer', 'number'] as const) {
        const got = convertFitting(raw, type);
        expect([raw, type, Object.is(got, byRegex(raw, type)) || got === byRegex(raw, type)]).toEqual([raw, type, true]);
      }
    }
  });
});

describe('columnNames', () => {
  it('names blanks and de-duplicates case-insensitively', () => {
    expect(columnNames(['a', '', 'A', 'a'])).toEqual(['a', 'column_2', 'A_2', 'a_3']);
  });
});

describe('missing values', () => {
  it('reads the missing tokens in any case and padding, blank text, and nothing longer or else', () => {
    for (const raw of ['', '   ', '\t', 'NA', ' n/a ', '\tnull\r\n', '#N/A', 'None', 'NaN', '?', '-', 'NULL']) expect(isMissing(raw), JSON.stringify(raw)).toBe(true);
    for (const raw of ['0', '5', 'x', 'nah', 'nulls', '#n/a!', 'n a', '--', 'null value']) expect(isMissing(raw), JSON.stringify(raw)).toBe(false);
  });

  it('mayBeMissing rules out by first byte, last byte and length only what cannot be missing', () => {
    const samples = ['', ' ', 'NA', 'na', ' n/a ', 'null', 'None', '?', '-', '#N/A', 'nulls', 'x', 'abc', '7', '0NA', 'n/a\t', '\tx', 'x\n', 'yes', 'Nope', 'N', '#', '?!'];
    for (const raw of samples) {
      const may = mayBeMissing(raw.charCodeAt(0), raw.charCodeAt(raw.length - 1), raw.length);
      // Sound: never false for a missing value.
      if (isMissing(raw)) expect(may, JSON.stringify(raw)).toBe(true);
    }
    const may = (raw: string): boolean => mayBeMissing(raw.charCodeAt(0), raw.charCodeAt(raw.length - 1), raw.length);
    // And it does rule out: a digit first, a first character no token starts with, more than 4 characters.
    expect(['7', '0NA', 'x', 'abc', 'yes', 'nulls', 'Nope!'].map(may)).toEqual([false, false, false, false, false, false, false]);
    expect(['', ' x', 'x ', 'x\t', '\nx', 'x\r', 'nope', 'N', '#', '?!', '-x'].map(may)).toEqual([true, true, true, true, true, true, true, true, true, true, true]);
  });
});

describe('convert: padding, dates, ids and what widens', () => {
  it('trims spaces, tabs and line ends on either side only', () => {
    for (const raw of ['42', ' 42', '42 ', '\t42', '42\t', '\r42\n', '\n42\r']) expect(convert(raw, 'integer'), JSON.stringify(raw)).toEqual({ value: 42, widen: null });
    expect(convert('4 2', 'integer')).toEqual({ value: '4 2', widen: 'text' });
  });

  it('widens an integer column to number only for numbers, a boolean column to text', () => {
    expect(convert('abc', 'integer')).toEqual({ value: 'abc', widen: 'text' });
    expect(convert('4.5', 'boolean')).toEqual({ value: '4.5', widen: 'text' });
    expect(convert('maybe', 'boolean')).toEqual({ value: 'maybe', widen: 'text' });
    expect(['yes', 'N', 't', '0', 'FALSE'].map((v) => convert(v, 'boolean').value)).toEqual([1, 0, 1, 0, 0]);
  });

  it('reads dates and datetimes with their format, midnight for a date-only datetime, and nothing without one', () => {
    expect(convert('2024-03-10', 'date', 'YYYY-MM-DD')).toEqual({ value: '2024-03-10', widen: null });
    expect(convert('10/03/2024', 'date', 'DD/MM/YYYY')).toEqual({ value: '2024-03-10', widen: null });
    expect(convert('2024-03-10', 'datetime', 'YYYY-MM-DD')).toEqual({ value: '2024-03-10T00:00:00.000Z', widen: null });
    expect(convertFitting('2024-02-30', 'date', 'YYYY-MM-DD')).toBe(notFitting);
    expect(convertFitting('2024-03-10', 'date', null)).toBe(notFitting);
    expect(convert('soon', 'datetime', 'YYYY-MM-DD')).toEqual({ value: 'soon', widen: 'text' });
  });

  it('stores canonical integer ids as numbers and every other id as its text', () => {
    expect(['0', '42', '123456789012345'].map((v) => convertFitting(v, 'id'))).toEqual([0, 42, 123456789012345]);
    expect(['007', '-5', '+5', '1234567890123456', 'A-1', '00'].map((v) => convertFitting(v, 'id'))).toEqual(['007', '-5', '+5', '1234567890123456', 'A-1', '00']);
    expect(convertFitting(' 42 ', 'categorical')).toBe(' 42 ');
    expect(convertFitting('x', 'text')).toBe('x');
  });

  it('never takes the fast decimal path for what is not one (a letter first, a lone point)', () => {
    for (const raw of ['x5', 'a1', '.a', '+', '5-', '1..2']) expect(convertFitting(raw, 'number'), raw).toBe(notFitting);
  });
});

describe('widen and tolerant inference, more', () => {
  it('keeps a type met again, and makes text of any mix with a type outside integer → number', () => {
    expect(['boolean', 'date', 'datetime', 'id', 'text'].map((t) => widen(t as never, t as never))).toEqual(['boolean', 'date', 'datetime', 'id', 'text']);
    expect(widen('integer', 'boolean')).toBe('text');
    expect(widen('number', 'date')).toBe('text');
    expect(widen('integer', 'text')).toBe('text');
  });

  it('counts as integers only whole numbers written as integers ("2.0" is a number)', () => {
    const values = [...Array.from({ length: 95 }, () => '2.0'), 'x', 'y', 'z', 'u', 'v'];
    expect(inferTypeTolerant(values)).toEqual({ type: 'number', misfits: 5 });
  });

  it('trims header names before naming blanks', () => {
    expect(columnNames([' a ', '  ', 'b'])).toEqual(['a', 'column_2', 'b']);
  });
});
