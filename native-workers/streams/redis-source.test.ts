import { describe, expect, it } from 'vitest';
import { entryText, groupStartId } from './redis-source';

describe('Redis stream source helpers', () => {
  it('starts a group so that --from is inclusive (XGROUP CREATE delivers entries after the id)', () => {
    expect(groupStartId(undefined)).toBe('0');
    expect(groupStartId('earliest')).toBe('0');
    expect(groupStartId('latest')).toBe('$');
    expect(groupStartId('1700000000000-5')).toBe('1700000000000-4');
    expect(groupStartId('1700000000000-0')).toBe('1699999999999-18446744073709551615');
    expect(groupStartId('1700000000000')).toBe('1699999999999-18446744073709551615');
    expect(groupStartId('1970-01-01T00:00:00.010Z')).toBe('9-18446744073709551615');
  });

  it('takes a one-field entry as the payload and several fields as a JSON object with numbers', () => {
    expect(entryText(['data', '{"seq":1}'])).toBe('{"seq":1}');
    expect(JSON.parse(entryText(['seq', '7', 'temp', '21.5', 'unit', 'C', 'empty', '']))).toEqual({ seq: 7, temp: 21.5, unit: 'C', empty: '' });
  });
});
