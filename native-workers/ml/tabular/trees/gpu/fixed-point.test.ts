import { describe, expect, it } from 'vitest';
import { decodeFixed, encodeFixed, fixedPointBits } from './fixed-point';

/** What the histogram shader does with one bin: wrapping u32 adds with the carry into the high word. */
function add64(acc: Uint32Array, words: Uint32Array, i: number): void {
  const old = acc[0]!;
  acc[0] = (old + words[2 * i]!) >>> 0;
  const carry = acc[0]! < old ? 1 : 0;
  acc[1] = (acc[1]! + words[2 * i + 1]! + carry) >>> 0;
}

describe('64-bit fixed point over 32-bit words', () => {
  it('leaves room for the sum of every row and never a scale past float64 precision', () => {
    expect(fixedPointBits(1_000_000, 1)).toBe(42);
    expect(fixedPointBits(3000, 0.25)).toBe(52);
    expect(fixedPointBits(10, 0)).toBe(40);
    expect(fixedPointBits(1e9, 1e6)).toBe(12);
    // The bounds themselves: 62 - log2(50) is past 52, 62 - 70 below 0, and no rows count as one.
    expect(fixedPointBits(100, 0.5)).toBe(52);
    expect(fixedPointBits(2 ** 40, 2 ** 30)).toBe(0);
    expect(fixedPointBits(0, 2 ** 20)).toBe(42);
  });

  it('splits values that need all 53 bits into their words exactly', () => {
    // Past 2^52 a float steps by 1 or 2: the low word must be v - h·2^32 (exact), not a sum that passes 2^53 and rounds.
    const values = Float64Array.from([2 ** 52 + 1, -(2 ** 52 + 1), 2 ** 53 - 1]);
    const words = new Uint32Array(values.length * 2);
    encodeFixed(values, 0, words);
    expect([0, 2, 4].map((at) => decodeFixed(words, at, 0))).toEqual([...values]);
  });

  it('sums signed values exactly, carries included, in any order', () => {
    const values = Float64Array.from([0.75, -0.5, 1e-9, -0.2499999, 0.9, -0.9, 0.333333, -1, 1, 0.125]);
    const bits = 50;
    const words = new Uint32Array(values.length * 2);
    encodeFixed(values, bits, words);
    const forward = new Uint32Array(2);
    const backward = new Uint32Array(2);
    for (let i = 0; i < values.length; i++) add64(forward, words, i);
    for (let i = values.length - 1; i >= 0; i--) add64(backward, words, i);
    expect(backward).toEqual(forward);
    const exact = values.reduce((s, v) => s + Math.round(v * 2 ** bits), 0) / 2 ** bits;
    expect(decodeFixed(forward, 0, bits)).toBe(exact);
    expect(Math.abs(decodeFixed(forward, 0, bits) - values.reduce((s, v) => s + v, 0))).toBeLessThan(values.length * 2 ** -(bits + 1));
  });
});
