import { describe, expect, it } from 'vitest';
import { plural } from './plural';

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
