/**
 * Lasso by cyclic coordinate descent, as sklearn's Lasso:
 *   1/(2 Σw) Σ w_i (y_i − x_i·β − b)² + α‖β‖₁   (sklearn's 1/(2n)‖y − Xβ‖² when unweighted)
 * intercept unpenalised via centring.
 */
import { field, isNumber } from '../codec';
import type { Matrix } from '../matrix';
import type { FitOptions, ModelJSON } from '../model';
import { centre, interceptFor } from './centering';
import { LinearRegressor } from './linear-regressor';
import { columnMajor, softThreshold } from './logistic-l1';

export interface LassoParams {
  /** Penalty strength, default 1 (sklearn's default). */
  readonly alpha?: number;
  /** Coordinate-descent sweeps, default 10000. */
  readonly maxIter?: number;
  /** Stop when no coefficient moves by more than tol × (largest |coefficient|), default 1e-10. */
  readonly tol?: number;
}

export class Lasso extends LinearRegressor {
  readonly type = 'lasso';
  readonly alpha: number;
  readonly maxIter: number;
  readonly tol: number;

  constructor(params: LassoParams = {}) {
    super();
    this.alpha = params.alpha ?? 1;
    this.maxIter = params.maxIter ?? 10000;
    this.tol = params.tol ?? 1e-10;
    if (!(this.alpha >= 0)) throw new Error('alpha must be ≥ 0.');
  }

  protected solve(X: Matrix, y: Float64Array, sw: Float64Array, opts: FitOptions): void {
    const c = centre(X, y, sw);
    const { rows: n, cols: p } = X;
    // Stryker disable next-line ArithmeticOperator: −Σw flips the sign of wn, norm and rho together, and soft-thresholding is odd: the same steps.
    const total = sw.reduce((a, b) => a + b, 0);
    const wn = sw.map((w) => w / total);
    const cols = columnMajor(c.Xc, n, p);
    const norm = new Float64Array(p);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) norm[j] += wn[i]! * cols[j * n + i]! ** 2;
    const beta = new Float64Array(p);
    const resid = Float64Array.from(c.yc);
    for (let sweep = 0; sweep < this.maxIter; sweep++) {
      if (sweep % 16 === 0) opts.checkpoint?.(sweep / this.maxIter);
      let biggestMove = 0;
      let biggestCoef = 0;
      for (let j = 0; j < p; j++) {
        if (norm[j] === 0) continue;
        const off = j * n;
        let rho = 0;
        for (let i = 0; i < n; i++) rho += wn[i]! * cols[off + i]! * resid[i]!;
        const old = beta[j]!;
        const next = softThreshold(rho + norm[j]! * old, this.alpha) / norm[j]!;
        const d = next - old;
        // Stryker disable next-line ConditionalExpression: moving by 0 changes nothing (the test only skips the work).
        if (d !== 0) {
          beta[j] = next;
          for (let i = 0; i < n; i++) resid[i] -= d * cols[off + i]!;
        }
        biggestMove = Math.max(biggestMove, Math.abs(d));
        biggestCoef = Math.max(biggestCoef, Math.abs(next));
      }
      if (biggestMove <= this.tol * Math.max(biggestCoef, 1e-300)) break;
    }
    this.coef = beta;
    this.intercept = interceptFor(c, beta);
  }

  protected params(): Record<string, number> {
    return { alpha: this.alpha, maxIter: this.maxIter, tol: this.tol };
  }

  static fromJSON(json: ModelJSON): Lasso {
    return new Lasso({
      alpha: field(json, 'alpha', isNumber), maxIter: field(json, 'maxIter', isNumber), tol: field(json, 'tol', isNumber),
    }).restore(json);
  }
}
