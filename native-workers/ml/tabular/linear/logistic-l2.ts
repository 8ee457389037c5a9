/**
 * L2-penalised logistic regression by L-BFGS: sklearn's LogisticRegression(solver='lbfgs').
 * Objective (divided by n to keep gradients O(1) whatever the row count, same optimum):
 *   Σ sw_i · loss_i + 1/(2C) · ‖W‖²   (intercepts not penalised)
 * Binary uses one sigmoid head; multiclass the full softmax with K heads (sklearn's 'multinomial').
 */
import type { Matrix } from '../matrix';
import { minimizeLbfgs } from './lbfgs';
import { log1pExp, sigmoid, softmaxInPlace } from './link';

export interface LogisticProblem {
  readonly X: Matrix;
  /** Class index per row. */
  readonly y: Float64Array;
  readonly sw: Float64Array;
  /** 1 for a binary sigmoid model, K for softmax. */
  readonly heads: number;
}

/** Coefficients heads × cols (row-major) and one intercept per head. */
export interface LinearParams {
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
}

export interface SolveOptions {
  readonly C: number;
  readonly tol: number;
  readonly maxIter: number;
  /** Called once per L-BFGS iteration with the current weights then intercepts (read them, do not keep them). */
  readonly onIteration?: (iter: number, theta: Float64Array) => void;
}

export function fitLogisticL2(problem: LogisticProblem, opts: SolveOptions): LinearParams {
  const { X, y, sw, heads } = problem;
  const p = X.cols;
  const n = X.rows;
  const nW = heads * p;
  const lambda = 1 / opts.C;
  const z = new Float64Array(n * heads);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    linearPredictor(X, theta, heads, z);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const w = sw[i]!;
      const row = i * p;
      const cls = y[i]!;
      if (heads === 1) {
        const zi = z[i]!;
        const t = cls === 1 ? 1 : 0;
        loss += w * (log1pExp(zi) - t * zi);
        z[i] = w * (sigmoid(zi) - t);
      } else {
        const zy = z[i * heads + cls]!;
        const lse = softmaxInPlace(z, i * heads, heads);
        loss += w * (lse - zy);
        for (let k = 0; k < heads; k++) z[i * heads + k] = w * (z[i * heads + k]! - (k === cls ? 1 : 0));
      }
      // z now holds the residual sw·(p − y) per head: accumulate Xᵀr.
      for (let k = 0; k < heads; k++) {
        const r = z[i * heads + k]!;
        if (r === 0) continue;
        const off = k * p;
        for (let j = 0; j < p; j++) grad[off + j] += r * X.data[row + j]!;
        grad[nW + k] += r;
      }
    }
    let pen = 0;
    for (let j = 0; j < nW; j++) {
      pen += theta[j]! * theta[j]!;
      grad[j] = (grad[j]! + lambda * theta[j]!) / n;
    }
    for (let k = 0; k < heads; k++) grad[nW + k] /= n;
    return (loss + 0.5 * lambda * pen) / n;
  };
  const res = minimizeLbfgs(objective, new Float64Array(nW + heads), {
    maxIter: opts.maxIter,
    gtol: opts.tol,
    ...(opts.onIteration ? { onIteration: opts.onIteration } : {}),
  });
  return { coef: res.x.slice(0, nW), intercept: res.x.slice(nW) };
}

/** z[i, k] = W_k · x_i + b_k, with W then b packed in theta. */
export function linearPredictor(X: Matrix, theta: Float64Array, heads: number, z: Float64Array): void {
  const p = X.cols;
  const nW = heads * p;
  for (let i = 0; i < X.rows; i++) {
    const row = i * p;
    for (let k = 0; k < heads; k++) {
      let s = theta[nW + k]!;
      const off = k * p;
      for (let j = 0; j < p; j++) s += theta[off + j]! * X.data[row + j]!;
      z[i * heads + k] = s;
    }
  }
}
