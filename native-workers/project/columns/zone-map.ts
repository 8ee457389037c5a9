/**
 * A chunk's zone map: what a reader learns without decoding it (a filter skips a chunk whose range
 * cannot match; a profile or a `unique` rule starts from the distinct estimates). Numbers' distinct
 * count is estimated by linear counting over a 64 Ki-bit hash bitmap (exact enough below a few
 * ten thousand, never above the non-null count), as an exact set per chunk would cost an import
 * more than storing the values does.
 */
export interface ZoneMap {
  /** Smallest value (numbers before text, as SQLite orders them), null when the chunk holds none. */
  readonly min: number | string | null;
  readonly max: number | string | null;
  readonly nulls: number;
  /** Distinct non-null values: exact for text, estimated for numbers. */
  readonly distinct: number;
}

const bitmapBits = 1 << 16;
const bits = new Uint32Array(bitmapBits / 32);
const f64 = new Float64Array(1);
const halves = new Int32Array(f64.buffer);

/** A 16-bit hash of a number's bits (0 and -0, and every NaN, alike). */
function hash16(v: number): number {
  f64[0] = v === 0 ? 0 : v;
  let h = Math.imul(halves[0]! ^ Math.imul(halves[1]!, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & (bitmapBits - 1);
}

/** Min, max and distinct estimate of `values` but those marked in `isNull` (NaN left out of min and max); `nulls` is how many are marked. */
export function numberZone(values: Float64Array, isNull: Uint8Array, nulls: number): ZoneMap {
  bits.fill(0);
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (isNull[i]) continue;
    const v = values[i]!;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    const h = hash16(v);
    bits[h >>> 5]! |= 1 << (h & 31);
  }
  let set = 0;
  for (const w of bits) {
    let x = w - ((w >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    set += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  const empty = bitmapBits - set;
  const estimate = empty === 0 ? count : Math.round(-bitmapBits * Math.log(empty / bitmapBits));
  const ranged = min <= max;
  return { min: ranged ? min : null, max: ranged ? max : null, nulls, distinct: Math.min(count, estimate) };
}

/** Min, max (JS string order) and count of a chunk's distinct strings. */
export function textZone(distinct: readonly string[], nulls: number): ZoneMap {
  let min: string | null = null;
  let max: string | null = null;
  for (const t of distinct) {
    if (min === null || t < min) min = t;
    if (max === null || t > max) max = t;
  }
  return { min, max, nulls, distinct: distinct.length };
}
