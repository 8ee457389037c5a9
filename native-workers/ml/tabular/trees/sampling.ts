/** Seeded row and feature draws shared by boosting and forests. */
import type { Rng } from '../rng';

/** k distinct indices of 0..n-1, ascending (ascending rows keep column reads forward). */
export function drawSorted(n: number, k: number, r: Rng): Int32Array {
  const all = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: `<=` writes one place past a typed array's end, which does nothing.
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + r.int(n - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.subarray(0, k).sort();
}

export function allIndices(n: number): Int32Array {
  const out = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: `<=` writes one place past a typed array's end, which does nothing.
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Multinomial bootstrap counts: how often each of n rows is drawn in n draws with replacement. */
export function bootstrapCounts(n: number, r: Rng): Float64Array {
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) counts[r.int(n)]++;
  return counts;
}
