import { describe, expect, it } from 'vitest';
import { columnNames, convert, convertFitting, inferType, inferTypeTolerant, notFitting, widen } from './infer';

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
