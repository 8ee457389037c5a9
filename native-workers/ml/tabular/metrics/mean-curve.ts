/**
 * Averaging per-fold ROC and precision-recall curves onto one grid, for the
 * "mean ± sd across folds" plot. Folds have different thresholds, so each
 * curve is first read off at fixed x values.
 */

export interface MeanCurve {
  /** The common grid: false positive rate (ROC) or recall (PR), 0..1 increasing. */
  readonly x: Float64Array;
  readonly mean: Float64Array;
  /** Population standard deviation across folds at each grid point. */
  readonly std: Float64Array;
  readonly folds: number;
}

export function grid(points: number): Float64Array {
  if (!Number.isInteger(points) || points < 2) throw new Error(`A curve grid needs at least 2 points, got ${points}.`);
  return Float64Array.from({ length: points }, (_, i) => i / (points - 1));
}

/**
 * Mean ROC (as in sklearn's cross-validated ROC example): TPR linearly
 * interpolated at each grid FPR; on a vertical segment the upper point counts.
 * The mean starts at 0 and ends at 1 by construction.
 */
export function meanRocCurve(curves: readonly { readonly fpr: ArrayLike<number>; readonly tpr: ArrayLike<number> }[], points = 101): MeanCurve {
  const x = grid(points);
  const rows = curves.map((c) => {
    const y = x.map((g) => interpolateUpper(c.fpr, c.tpr, g));
    y[0] = 0;
    y[y.length - 1] = 1;
    return y;
  });
  return summarise(x, rows);
}

/**
 * Mean precision-recall curve: each fold's interpolated precision, i.e. the best
 * precision reachable at recall >= the grid value (the standard PR
 * interpolation; it removes the saw-tooth that makes raw curves unaverageable).
 */
export function meanPrecisionRecallCurve(
  curves: readonly { readonly precision: ArrayLike<number>; readonly recall: ArrayLike<number> }[],
  points = 101,
): MeanCurve {
  const x = grid(points);
  const rows = curves.map((c) =>
    x.map((g) => {
      let best = 0;
      for (let i = 0; i < c.recall.length; i++) if (c.recall[i]! >= g && c.precision[i]! > best) best = c.precision[i]!;
      return best;
    }),
  );
  return summarise(x, rows);
}

function interpolateUpper(xs: ArrayLike<number>, ys: ArrayLike<number>, at: number): number {
  // xs is non-decreasing: take the last point at or left of `at`, then go linearly to the next.
  let j = -1;
  for (let i = 0; i < xs.length; i++) if (xs[i]! <= at) j = i;
  if (j < 0) return ys[0]!;
  if (j === xs.length - 1) return ys[j]!;
  const t = (at - xs[j]!) / (xs[j + 1]! - xs[j]!);
  return ys[j]! + t * (ys[j + 1]! - ys[j]!);
}

function summarise(x: Float64Array, rows: Float64Array[]): MeanCurve {
  if (rows.length === 0) throw new Error('Averaging curves needs at least one fold.');
  const mean = new Float64Array(x.length);
  const std = new Float64Array(x.length);
  for (const r of rows) for (let i = 0; i < x.length; i++) mean[i] += r[i]! / rows.length;
  for (const r of rows) for (let i = 0; i < x.length; i++) std[i] += (r[i]! - mean[i]!) ** 2 / rows.length;
  for (let i = 0; i < x.length; i++) std[i] = Math.sqrt(std[i]!);
  return { x, mean, std, folds: rows.length };
}
