import { describe, expect, it } from 'vitest';
import { dateDerivation } from './date-derivation';

describe('dateDerivation', () => {
  it('says what the last run derived from a date column', () => {
    expect(dateDerivation('date', 'date', [{ column: 'date', parts: ['year', 'month', 'day_of_week', 'day_of_year', 'weekend'] }])).toBe('date → year, month, day of week, day of year, weekend');
    expect(dateDerivation('date', 'date', [{ column: 'date', parts: [] }])).toBe('date → nothing (no part varies in the training rows)');
  });

  it('before a run, lists what may be derived: hour only for datetimes', () => {
    expect(dateDerivation('day', 'date', [])).toBe('day → year, month, day of week, day of year, weekend, where they vary');
    expect(dateDerivation('at', 'datetime', [{ column: 'other', parts: ['year'] }])).toBe('at → year, month, day of week, day of year, hour, weekend, where they vary');
  });

  it('is silent for other columns', () => {
    expect(dateDerivation('temp', 'number', [])).toBeNull();
    expect(dateDerivation('x', undefined, [])).toBeNull();
  });
});
