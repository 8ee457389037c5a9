import { describe, expect, it } from 'vitest';
import { decodeF32, decodeF64, encodeF32, encodeF64 } from './codec';

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
