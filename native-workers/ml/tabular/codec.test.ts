import { describe, expect, it } from 'vitest';
import { decodeF32, decodeF64, encodeF32, encodeF64, field, isBoolean, isNumber, isNumberArray, isString } from './codec';

describe('codec', () => {
  it('round-trips Float64Array bit for bit, every length modulo 3', () => {
    for (const n of [0, 1, 2, 3, 7, 5000]) {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = Math.sin(i * 1.7) * 10 ** ((i % 21) - 10);
      if (n > 2) a[2] = -0;
      expect(Array.from(decodeF64(encodeF64(a)))).toEqual(Array.from(a));
    }
  });

  it('round-trips Float32Array, and matches the standard base64 alphabet', () => {
    const a = new Float32Array([1.5, -2.25, 3e-8, 1e30, 0]);
    expect(Array.from(decodeF32(encodeF32(a)))).toEqual(Array.from(a));
    const bytes = new Float32Array([1]);
    // 1.0f = 00 00 80 3f little-endian
    expect(encodeF32(bytes)).toBe('AACAPw==');
  });

  it('encodes a subarray view, not its whole buffer', () => {
    const a = new Float64Array([1, 2, 3, 4]).subarray(1, 3);
    expect(Array.from(decodeF64(encodeF64(a)))).toEqual([2, 3]);
  });
});

describe('codec against Node\'s base64', () => {
  it('writes the same text as Buffer for every padding and across the 12,288-byte chunk', () => {
    for (const n of [1, 2, 3, 1536, 1537, 5000]) {
      const a = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.37) * 1e5 + i);
      const text = encodeF64(a);
      expect(text).toBe(Buffer.from(a.buffer).toString('base64'));
      expect(Array.from(decodeF64(Buffer.from(a.buffer).toString('base64')))).toEqual(Array.from(a));
    }
    const f = Float32Array.from([1, -1, 0.5]);
    expect(encodeF32(f)).toBe(Buffer.from(f.buffer).toString('base64'));
    // Every byte value through every position of a 3-byte group.
    const bytes = Float64Array.from({ length: 96 }, () => 0);
    const view = new Uint8Array(bytes.buffer);
    for (let i = 0; i < view.length; i++) view[i] = (i * 7) & 255;
    expect(encodeF64(bytes)).toBe(Buffer.from(view).toString('base64'));
    expect(Array.from(new Uint8Array(decodeF64(encodeF64(bytes)).buffer))).toEqual(Array.from(view));
  });
});

describe('model JSON fields', () => {
  it('returns a field that passes its check, and names one that does not', () => {
    expect(field({ k: 3 }, 'k', isNumber)).toBe(3);
    expect(() => field({ k: '3' }, 'k', isNumber)).toThrow('Model JSON field "k" is missing or malformed.');
    expect(() => field({}, 'rows', isNumber)).toThrow('Model JSON field "rows" is missing or malformed.');
  });

  it('checks: finite numbers, strings, booleans, arrays of numbers', () => {
    expect([isNumber(1.5), isNumber(Infinity), isNumber(NaN), isNumber('1')]).toEqual([true, false, false, false]);
    expect([isString('a'), isString(1)]).toEqual([true, false]);
    expect([isBoolean(false), isBoolean(0)]).toEqual([true, false]);
    expect([isNumberArray([1, 2]), isNumberArray([]), isNumberArray([1, '2']), isNumberArray('12')]).toEqual([true, true, false, false]);
  });
});
