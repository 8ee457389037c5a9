/**
 * Gradient pairs as 64-bit fixed point, for histogram sums that are exact and independent of the order
 * the GPU's threads add them in: WGSL has 32-bit atomics only, so a value is two words (low u32, high
 * i32, two's complement) and a sum carries from the low word into the high one (kernels.ts). Integer
 * addition is associative, so a histogram is the same on every run and every adapter.
 */

/** Scale 2^bits for n rows whose values are at most maxAbs: the sum of all of them fits in 62 bits. */
export function fixedPointBits(n: number, maxAbs: number): number {
  if (!(maxAbs > 0)) return 40;
  // Capped so one value's rounding (2^-(bits+1)) stays far below float64's own precision at 1.
  return Math.max(0, Math.min(52, Math.floor(62 - Math.log2(Math.max(1, n) * maxAbs))));
}

/** Each row's (gradient, hessian) as low, high words of round(v · 2^bits): four u32 per row. */
export function encodeFixed(values: Float64Array, bits: number, out: Uint32Array): void {
  const scale = 2 ** bits;
  const hi = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]! * scale);
    const h = Math.floor(v / 4294967296);
    out[2 * i] = v - h * 4294967296;
    hi[2 * i + 1] = h;
  }
}

/** The value of (low, high) words at `at` of `words`, divided by 2^bits. */
export function decodeFixed(words: Uint32Array, at: number, bits: number): number {
  const high = words[at + 1]! | 0;
  return (high * 4294967296 + words[at]!) / 2 ** bits;
}
