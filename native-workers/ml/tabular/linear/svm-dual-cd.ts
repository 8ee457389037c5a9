/**
 * Dual coordinate descent for the L2-regularised hinge-loss SVM (Hsieh et al. 2008),
 * liblinear's solver behind sklearn's LinearSVC(loss='hinge'):
 *   min ½‖w̃‖² + Σ C_i max(0, 1 − y_i w̃·x̃_i),  x̃ = [x, 1], w̃ = [w, b]
 * Like liblinear (intercept_scaling=1) the bias is a constant feature and so IS
 * penalised; that is what makes the answer match sklearn's.
 */
import type { Matrix } from '../matrix';
import type { Rng } from '../rng';

export interface DualCdOptions {
  /** Per-row upper bound on α (C × sample weight). */
  readonly upper: Float64Array;
  readonly maxIter: number;
  /** Stop when the spread of projected gradients falls under this (liblinear's eps). */
  readonly tol: number;
  readonly rng: Rng;
  readonly onEpoch?: (epoch: number) => void;
}

/** `sign[i]` is +1 or −1. Returns w̃: cols coefficients then the bias. */
export function hingeDualCd(X: Matrix, sign: Int8Array, opts: DualCdOptions): Float64Array {
  const { rows: n, cols: p, data } = X;
  const w = new Float64Array(p + 1);
  const alpha = new Float64Array(n);
  const qii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let j = 0; j < p; j++) s += data[i * p + j]! ** 2;
    qii[i] = s;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // liblinear's shrinking: rows stuck at a bound whose gradient points further out are set
  // aside until the rest converges, then everything is checked once more.
  let activeSize = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  for (let epoch = 0; epoch < opts.maxIter; epoch++) {
    opts.onEpoch?.(epoch);
    for (let t = activeSize - 1; t > 0; t--) {
      const u = opts.rng.int(t + 1);
      const tmp = order[t]!;
      order[t] = order[u]!;
      order[u] = tmp;
    }
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      const i = order[t]!;
      const y = sign[i]!;
      const row = i * p;
      let wx = w[p]!;
      for (let j = 0; j < p; j++) wx += w[j]! * data[row + j]!;
      const g = y * wx - 1;
      const a = alpha[i]!;
      const c = opts.upper[i]!;
      let pg = 0;
      if (a === 0) {
        if (g > pgMaxOld) {
          activeSize--;
          order[t] = order[activeSize]!;
          order[activeSize] = i;
          t--;
          continue;
        }
        if (g < 0) pg = g;
      } else if (a === c) {
        if (g < pgMinOld) {
          activeSize--;
          order[t] = order[activeSize]!;
          order[activeSize] = i;
          t--;
          continue;
        }
        if (g > 0) pg = g;
      } else pg = g;
      pgMax = Math.max(pgMax, pg);
      pgMin = Math.min(pgMin, pg);
      if (Math.abs(pg) <= 1e-12) continue;
      const next = Math.min(Math.max(a - g / qii[i]!, 0), c);
      const d = (next - a) * y;
      alpha[i] = next;
      for (let j = 0; j < p; j++) w[j] += d * data[row + j]!;
      w[p] += d;
    }
    if (pgMax - pgMin <= opts.tol || activeSize === 0) {
      if (activeSize === n) break;
      activeSize = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    pgMinOld = pgMin >= 0 ? -Infinity : pgMin;
  }
  return w;
}
