import { describe, expect, it } from 'vitest';
import { columnNames, convert, inferType, widen } from './infer';

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

describe('columnNames', () => {
  it('names blanks and de-duplicates case-insensitively', () => {
    expect(columnNames(['a', '', 'A', 'a'])).toEqual(['a', 'column_2', 'A_2', 'a_3']);
  });
});
