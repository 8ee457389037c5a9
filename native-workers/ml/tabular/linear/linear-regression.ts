/**
 * Ordinary least squares, as sklearn's LinearRegression: centre (weighted), then the
 * minimum-norm least-squares solution by SVD, so collinear columns still get an answer.
 */
import { Matrix as MlMatrix, SVD } from 'ml-matrix';
import type { Matrix } from '../matrix';
import type { ModelJSON } from '../model';
import { centre, interceptFor } from './centering';
import { LinearRegressor } from './linear-regressor';

export class LinearRegression extends LinearRegressor {
  readonly type = 'linear';

  protected solve(X: Matrix, y: Float64Array, sw: Float64Array): void {
    const c = centre(X, y, sw);
    const { rows: n, cols: p } = X;
    // Weighted least squares = ordinary least squares on rows scaled by √w.
    const A = new MlMatrix(n, p);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt(sw[i]!);
      b[i] = r * c.yc[i]!;
      for (let j = 0; j < p; j++) A.set(i, j, r * c.Xc[i * p + j]!);
    }
    this.coef = minNormSolve(A, b);
    this.intercept = interceptFor(c, this.coef);
  }

  // Stryker disable next-line BlockStatement: OLS has no hyper-parameters; toJSON spreads undefined as it spreads {}.
  protected params(): Record<string, number> {
    return {};
  }

  static fromJSON(json: ModelJSON): LinearRegression {
    return new LinearRegression().restore(json);
  }
}


/** x = V · diag(1/s) · Uᵀ b, dropping singular values under the SVD's own rank threshold (as lstsq). */
export function minNormSolve(A: MlMatrix, b: Float64Array): Float64Array {
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: autoTranspose only speeds ml-matrix's SVD on wide matrices; regression-edges.test.ts's 3 × 5 case gives sklearn's answer either way.
  const svd = new SVD(A, { autoTranspose: true });
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const s = svd.diagonal;
  const p = A.columns;
  const utb = new Float64Array(s.length);
  for (let k = 0; k < s.length; k++) {
    if (Math.abs(s[k]!) <= svd.threshold) continue;
    let sum = 0;
    for (let i = 0; i < A.rows; i++) sum += U.get(i, k) * b[i]!;
    utb[k] = sum / s[k]!;
  }
  const x = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let k = 0; k < s.length; k++) sum += V.get(j, k) * utb[k]!;
    x[j] = sum;
  }
  return x;
}
