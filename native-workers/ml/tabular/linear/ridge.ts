/**
 * Ridge regression, as sklearn's Ridge (solver 'cholesky'): minimise
 * Σ w_i (y_i − x_i·β − b)² + α‖β‖², intercept unpenalised via centring.
 */
import { CholeskyDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { field, isNumber } from '../codec';
import type { Matrix } from '../matrix';
import type { ModelJSON } from '../model';
import { centre, interceptFor } from './centering';
import { LinearRegressor } from './linear-regressor';
import { minNormSolve } from './linear-regression';

export interface RidgeParams {
  /** Penalty strength, default 1 (sklearn's default). */
  readonly alpha?: number;
}

export class Ridge extends LinearRegressor {
  readonly type = 'ridge';
  readonly alpha: number;

  constructor(params: RidgeParams = {}) {
    super();
    this.alpha = params.alpha ?? 1;
    if (!(this.alpha >= 0)) throw new Error('alpha must be ≥ 0.');
  }

  protected solve(X: Matrix, y: Float64Array, sw: Float64Array): void {
    const c = centre(X, y, sw);
    const { rows: n, cols: p } = X;
    const gram = new MlMatrix(p, p);
    const rhs = new MlMatrix(p, 1);
    for (let i = 0; i < n; i++) {
      const w = sw[i]!;
      const row = i * p;
      for (let a = 0; a < p; a++) {
        const xa = w * c.Xc[row + a]!;
        // Stryker disable next-line ConditionalExpression: a zero row term adds nothing (the test only skips the work).
        if (xa === 0) continue;
        rhs.set(a, 0, rhs.get(a, 0) + xa * c.yc[i]!);
        for (let b = a; b < p; b++) gram.set(a, b, gram.get(a, b) + xa * c.Xc[row + b]!);
      }
    }
    for (let a = 0; a < p; a++) {
      gram.set(a, a, gram.get(a, a) + this.alpha);
      for (let b = 0; b < a; b++) gram.set(a, b, gram.get(b, a));
    }
    const chol = new CholeskyDecomposition(gram);
    // α = 0 with collinear columns leaves the Gram matrix singular: fall back to the minimum-norm answer.
    this.coef = chol.isPositiveDefinite()
      ? Float64Array.from(chol.solve(rhs).getColumn(0))
      : minNormSolve(gram, Float64Array.from(rhs.getColumn(0)));
    this.intercept = interceptFor(c, this.coef);
  }

  protected params(): Record<string, number> {
    return { alpha: this.alpha };
  }

  static fromJSON(json: ModelJSON): Ridge {
    return new Ridge({ alpha: field(json, 'alpha', isNumber) }).restore(json);
  }
}
