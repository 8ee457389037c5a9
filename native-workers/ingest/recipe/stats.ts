/**
 * Column statistics for imputation and outliers, defined as numpy defines them so the golden
 * fixtures (fixtures/make-recipe-golden.py) can check them: percentiles by linear interpolation
 * (numpy's default), population standard deviation (ddof = 0, as scipy.stats.zscore), the mode's
 * ties broken towards the smallest value (as scipy.stats.mode and pandas' mode()[0]).
 */

export function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  // Stryker disable next-line ConditionalExpression: with no values 0 / 0 is NaN anyway; the guard says it.
  return values.length ? s / values.length : NaN;
}

/** Population standard deviation around `m` (two-pass: steadier than running sums). */
export function populationStd(values: Float64Array, m = mean(values)): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  // Stryker disable next-line ConditionalExpression: with no values √(0 / 0) is NaN anyway.
  return values.length ? Math.sqrt(s / values.length) : NaN;
}

/** numpy.percentile(values, q) with the default 'linear' method; `sorted` must be ascending. */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  // Stryker disable next-line ConditionalExpression,BlockStatement: with no values sorted[-1] is undefined, NaN anyway.
  if (n === 0) return NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: Float64Array): number {
  return percentileSorted(Float64Array.from(values).sort(), 50);
}

/** The most frequent value; ties go to the smallest number, or the first text in code-point order. */
export function mode<T extends string | number>(counts: ReadonlyMap<T, number>): T | null {
  let best: T | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

export interface Bounds {
  readonly lo: number;
  readonly hi: number;
  readonly stats: Readonly<Record<string, number>>;
}

export function iqrBounds(values: Float64Array, k: number): Bounds {
  const sorted = Float64Array.from(values).sort();
  const q1 = percentileSorted(sorted, 25);
  const q3 = percentileSorted(sorted, 75);
  const iqr = q3 - q1;
  return { lo: q1 - k * iqr, hi: q3 + k * iqr, stats: { q1, q3, iqr } };
}

export function zBounds(values: Float64Array, k: number): Bounds {
  const m = mean(values);
  const std = populationStd(values, m);
  return { lo: m - k * std, hi: m + k * std, stats: { mean: m, std } };
}
