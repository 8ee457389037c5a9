/** Column statistics with numpy's conventions, so fitted values match scikit-learn's. */

/** The values that are not NaN, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out.sort();
}

/** Mean of the values that are not NaN; NaN when there are none. */
export function nanMean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  // Stryker disable next-line ConditionalExpression: equivalent, with no values the arithmetic below gives NaN too (0 / 0, an index past the end)
  return n === 0 ? NaN : sum / n;
}

/** Quantile q ∈ [0, 1] of ascending values with linear interpolation (numpy's default 'linear' method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  // Stryker disable next-line ConditionalExpression: equivalent, with no values the arithmetic below gives NaN too (0 / 0, an index past the end)
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // numpy's _lerp: interpolate from the nearer end, which keeps the result inside [a, b].
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  // Stryker disable next-line ConditionalExpression: equivalent, with no values the arithmetic below gives NaN too (0 / 0, an index past the end)
  if (n === 0) return NaN;
  const m = n >> 1;
  return n % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** Population mean and variance (ddof 0), two-pass for accuracy. Values must not contain NaN. */
export function meanVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  // Stryker disable next-line ConditionalExpression: equivalent, with no values the arithmetic below gives NaN too (0 / 0, an index past the end)
  if (n === 0) return { mean: NaN, variance: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    // Stryker disable next-line ArithmeticOperator: equivalent, ss − c²/n is the variance of values shifted by any constant
    const d = values[i] - mean;
    ss += d * d;
    // Stryker disable next-line AssignmentOperator: equivalent, only c² is used
    c += d;
  }
  // The compensation term removes the rounding error left in the mean.
  return { mean, variance: (ss - (c * c) / n) / n };
}
