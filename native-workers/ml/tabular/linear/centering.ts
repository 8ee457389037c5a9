/**
 * Weighted centring: fitting on centred data and recovering the intercept from
 * the means is how sklearn leaves the intercept unpenalised in Ridge and Lasso.
 */
import type { Matrix } from '../matrix';

export interface Centred {
  /** X − x̄ (row-major, same shape). */
  readonly Xc: Float64Array;
  readonly yc: Float64Array;
  readonly xMean: Float64Array;
  readonly yMean: number;
}

export function centre(X: Matrix, y: Float64Array, sw: Float64Array): Centred {
  const { rows: n, cols: p } = X;
  const xMean = new Float64Array(p);
  let yMean = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = sw[i]!;
    total += w;
    yMean += w * y[i]!;
    for (let j = 0; j < p; j++) xMean[j] += w * X.data[i * p + j]!;
  }
  if (!(total > 0)) throw new Error('Sample weights must have a positive sum.');
  yMean /= total;
  for (let j = 0; j < p; j++) xMean[j] /= total;
  const Xc = new Float64Array(n * p);
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Stryker disable next-line ArithmeticOperator: a constant added to every target is orthogonal to the centred columns (Σ w·xc = 0), so no coefficient sees it.
    yc[i] = y[i]! - yMean;
    for (let j = 0; j < p; j++) Xc[i * p + j] = X.data[i * p + j]! - xMean[j]!;
  }
  return { Xc, yc, xMean, yMean };
}

export function interceptFor(c: Centred, coef: Float64Array): number {
  let b = c.yMean;
  for (let j = 0; j < coef.length; j++) b -= coef[j]! * c.xMean[j]!;
  return b;
}
