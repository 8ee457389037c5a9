import { describe, expect, it } from 'vitest';
import { groupDigits, plural } from './plural';

describe('plural', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2, 'error')).toBe('2 errors');
    expect(plural(12_345, 'row')).toBe('12,345 rows');
  });

  it('takes an irregular plural', () => {
    expect(plural(1, 'value does', 'values do')).toBe('1 value does');
    expect(plural(3, 'value does', 'values do')).toBe('3 values do');
  });
});

describe('groupDigits', () => {
  it('writes integers as toLocaleString(en-US) does, every digit count and sign, and other numbers through it', () => {
    const cases = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -1_234_567, 123_456_789_012, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, 1234.5678, 2 ** 60];
    for (let d = 1; d <= 16; d++) cases.push(Number('9'.repeat(d)), 10 ** (d - 1));
    for (const n of cases) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});
