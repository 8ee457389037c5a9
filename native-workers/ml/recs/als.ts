/**
 * Implicit ALS (Hu, Koren & Volinsky 2008): preference p_ui = 1 for every interaction, confidence
 * c_ui = 1 + α·r_ui, and each side solved in turn with the other fixed. A user's normal equations
 * are (YᵀY + λI + Σ_i (c_ui − 1) y_i y_iᵀ) x_u = Σ_i c_ui y_i; YᵀY is computed once per half
 * step, so a user costs O(f² + n_u·f) per conjugate-gradient step (Takács et al. 2011, as the
 * `implicit` library does), warm-started from the previous factors.
 */
import { RecsInputError } from './errors';
import type { Csr } from './csr';
import type { InteractionMatrix } from './interactions';
import { noStep, type TrainStep, type UserQuery } from './query';
import { rng } from '../tabular/rng';

export interface AlsParams {
  readonly factors?: number;
  readonly iterations?: number;
  /** λ (default 0.01). */
  readonly regularization?: number;
  /** α: confidence per unit of weight (default 40, Hu et al.'s value). */
  readonly alpha?: number;
  /** Conjugate-gradient steps per vector per half iteration (default 3). */
  readonly cgSteps?: number;
  readonly seed?: number;
}

export interface AlsModel {
  readonly kind: 'als';
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  readonly popularity: Float64Array;
  readonly factors: number;
  readonly regularization: number;
  readonly alpha: number;
  /** users × factors, row-major. */
  readonly userFactors: Float64Array;
  /** items × factors, row-major. */
  readonly itemFactors: Float64Array;
  /** YᵀY of the final item factors (factors × factors): what fold-in needs besides the user's own items. */
  readonly gram: Float64Array;
}

/** Starting factors: N(0, 0.01²) from the seed; a test may pass its own. */
export interface AlsInit {
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
}

export interface ResolvedAlsParams {
  readonly factors: number;
  readonly iterations: number;
  readonly regularization: number;
  readonly alpha: number;
  readonly cgSteps: number;
  readonly seed: number;
}

export function resolveAlsParams(p: AlsParams): ResolvedAlsParams {
  const r = { factors: p.factors ?? 64, iterations: p.iterations ?? 15, regularization: p.regularization ?? 0.01, alpha: p.alpha ?? 40, cgSteps: p.cgSteps ?? 3, seed: p.seed ?? 0 };
  if (!(Number.isInteger(r.factors) && r.factors >= 1)) throw new RecsInputError(`factors must be a whole number of at least 1, not ${r.factors}.`);
  if (!(Number.isInteger(r.iterations) && r.iterations >= 1)) throw new RecsInputError(`iterations must be a whole number of at least 1, not ${r.iterations}.`);
  if (!(Number.isInteger(r.cgSteps) && r.cgSteps >= 1)) throw new RecsInputError(`cgSteps must be a whole number of at least 1, not ${r.cgSteps}.`);
  if (!(r.regularization >= 0)) throw new RecsInputError(`regularization must be zero or more, not ${r.regularization}.`);
  if (!(r.alpha > 0)) throw new RecsInputError(`alpha must be above zero, not ${r.alpha}.`);
  return r;
}

export function randomFactors(rows: number, f: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(rows * f);
  for (let i = 0; i < out.length; i++) out[i] = r.normal() * 0.01;
  return out;
}

/** YᵀY (f × f) of a row-major factor matrix. */
export function gramOf(y: Float64Array, rows: number, f: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let i = 0; i < rows; i++) {
    const o = i * f;
    for (let a = 0; a < f; a++) {
      const ya = y[o + a]!;
      if (ya === 0) continue;
      const ga = a * f;
      for (let b = a; b < f; b++) g[ga + b]! += ya * y[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) g[a * f + b] = g[b * f + a]!;
  return g;
}

/**
 * out = G·v for a symmetric f × f G. Four rows at a time: four independent sums keep the
 * floating-point adder busy (one running sum waits on its own previous add), and each v[b] is
 * loaded once for the four. The sums add the terms in the same order as a plain loop.
 */
function matVec(g: Float64Array, v: Float64Array, out: Float64Array, f: number): void {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    const g0 = a * f, g1 = g0 + f, g2 = g1 + f, g3 = g2 + f;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let b = 0; b < f; b++) {
      const vb = v[b]!;
      s0 += g[g0 + b]! * vb;
      s1 += g[g1 + b]! * vb;
      s2 += g[g2 + b]! * vb;
      s3 += g[g3 + b]! * vb;
    }
    out[a] = s0;
    out[a + 1] = s1;
    out[a + 2] = s2;
    out[a + 3] = s3;
  }
  for (; a < f; a++) {
    const ga = a * f;
    let s = 0;
    for (let b = 0; b < f; b++) s += g[ga + b]! * v[b]!;
    out[a] = s;
  }
}

/**
 * One half step: every row of `x` re-solved against the fixed `y` by `cgSteps` CG steps from
 * its current value. Rows are independent, so any split of the range gives the same numbers.
 */
export function solveRows(m: Csr, x: Float64Array, y: Float64Array, gram: Float64Array, p: ResolvedAlsParams, from: number, to: number): void {
  const f = p.factors;
  const g = gram.slice();
  for (let a = 0; a < f; a++) g[a * f + a]! += p.regularization;
  const xu = new Float64Array(f);
  const r = new Float64Array(f);
  const d = new Float64Array(f);
  const ad = new Float64Array(f);
  for (let u = from; u < to; u++) {
    const o = u * f;
    for (let a = 0; a < f; a++) xu[a] = x[o + a]!;
    const start = m.indptr[u]!;
    const end = m.indptr[u + 1]!;
    // r = b − A x
    matVec(g, xu, r, f);
    for (let a = 0; a < f; a++) r[a] = -r[a]!;
    for (let k = start; k < end; k++) {
      const yo = m.indices[k]! * f;
      const c = 1 + p.alpha * m.data[k]!;
      let yx = 0;
      for (let a = 0; a < f; a++) yx += y[yo + a]! * xu[a]!;
      const s = c - (c - 1) * yx;
      for (let a = 0; a < f; a++) r[a]! += s * y[yo + a]!;
    }
    let rsOld = 0;
    for (let a = 0; a < f; a++) {
      d[a] = r[a]!;
      rsOld += r[a]! * r[a]!;
    }
    if (rsOld < 1e-20) continue;
    for (let it = 0; it < p.cgSteps; it++) {
      matVec(g, d, ad, f);
      for (let k = start; k < end; k++) {
        const yo = m.indices[k]! * f;
        const c1 = p.alpha * m.data[k]!;
        let yd = 0;
        for (let a = 0; a < f; a++) yd += y[yo + a]! * d[a]!;
        const s = c1 * yd;
        for (let a = 0; a < f; a++) ad[a]! += s * y[yo + a]!;
      }
      let dad = 0;
      for (let a = 0; a < f; a++) dad += d[a]! * ad[a]!;
      const step = rsOld / dad;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        xu[a]! += step * d[a]!;
        r[a]! -= step * ad[a]!;
        rsNew += r[a]! * r[a]!;
      }
      if (rsNew < 1e-20) break;
      const beta = rsNew / rsOld;
      for (let a = 0; a < f; a++) d[a] = r[a]! + beta * d[a]!;
      rsOld = rsNew;
    }
    for (let a = 0; a < f; a++) x[o + a] = xu[a]!;
  }
}

/**
 * Solves one side of a half step (every row of x against the fixed y). The default solves on
 * this thread; runtime/als-threads.ts splits the rows with a worker thread over shared memory.
 * Rows are independent and each is solved by one thread with solveRows, so every solver gives
 * the same factors to the last bit.
 */
export interface AlsRowSolver {
  /** A factor matrix the solver can write from every thread it uses. */
  factors(n: number): Float64Array;
  solve(m: Csr, x: Float64Array, y: Float64Array, gram: Float64Array, p: ResolvedAlsParams, step: () => Promise<void>): Promise<void>;
}

/** This thread alone, in chunks, yielding between them so a cancel can arrive. */
export const oneThread: AlsRowSolver = {
  factors: (n) => new Float64Array(n),
  async solve(m, x, y, gram, p, step) {
    const chunk = 4096;
    for (let from = 0; from < m.rows; from += chunk) {
      solveRows(m, x, y, gram, p, from, Math.min(m.rows, from + chunk));
      await step();
    }
  },
};

export async function trainAls(
  m: InteractionMatrix,
  popularity: Float64Array,
  params: AlsParams = {},
  step: TrainStep = noStep,
  init?: AlsInit,
  solver: AlsRowSolver = oneThread,
): Promise<AlsModel> {
  const p = resolveAlsParams(params);
  const users = m.byUser.rows;
  const items = m.byItem.rows;
  const f = p.factors;
  if (init && (init.userFactors.length !== users * f || init.itemFactors.length !== items * f)) throw new RecsInputError('The starting factors do not match the data’s users, items and factors.');
  const x = solver.factors(users * f);
  const y = solver.factors(items * f);
  x.set(init ? init.userFactors : randomFactors(users, f, p.seed));
  y.set(init ? init.itemFactors : randomFactors(items, f, p.seed + 1));
  for (let it = 0; it < p.iterations; it++) {
    const tick = (): Promise<void> => step(it, p.iterations, `iteration ${it + 1} of ${p.iterations}`);
    await solver.solve(m.byUser, x, y, gramOf(y, items, f), p, tick);
    await solver.solve(m.byItem, y, x, gramOf(x, users, f), p, tick);
  }
  await step(p.iterations, p.iterations, 'factors solved');
  return {
    kind: 'als',
    itemIds: m.itemIds,
    userIds: m.userIds,
    popularity,
    factors: f,
    regularization: p.regularization,
    alpha: p.alpha,
    // Plain copies: what is stored and served does not hold the solver's shared memory.
    userFactors: Float64Array.from(x),
    itemFactors: Float64Array.from(y),
    gram: gramOf(y, items, f),
  };
}

/**
 * Fold-in: the exact least-squares user vector for a history with the item factors fixed,
 * (YᵀY + λI + Σ (c−1) y yᵀ) x = Σ c y, from the cached YᵀY and the history's own rows alone
 * (O(n·f² + f³): well under a millisecond at 64 factors), solved by Cholesky. Serving calls
 * it for each event; a new user is one call.
 */
export function foldIn(model: AlsModel, items: Int32Array, weights: Float64Array): Float64Array {
  const f = model.factors;
  const a = model.gram.slice();
  for (let i = 0; i < f; i++) a[i * f + i]! += model.regularization;
  const b = new Float64Array(f);
  const y = model.itemFactors;
  for (let h = 0; h < items.length; h++) {
    const o = items[h]! * f;
    const c1 = model.alpha * weights[h]!;
    for (let i = 0; i < f; i++) {
      const yi = y[o + i]!;
      b[i]! += (1 + c1) * yi;
      const s = c1 * yi;
      for (let j = 0; j <= i; j++) a[i * f + j]! += s * y[o + j]!;
    }
  }
  return choleskySolve(a, b, f);
}

/** Solves A x = b for a symmetric positive definite A (lower triangle read), in place of a copy. */
export function choleskySolve(a: Float64Array, b: Float64Array, f: number): Float64Array {
  const l = new Float64Array(f * f);
  for (let i = 0; i < f; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * f + j]!;
      for (let k = 0; k < j; k++) s -= l[i * f + k]! * l[j * f + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RecsInputError('Fold-in’s system is not positive definite: set a regularization above zero.');
        l[i * f + i] = Math.sqrt(s);
      } else l[i * f + j] = s / l[j * f + j]!;
    }
  }
  const z = new Float64Array(f);
  for (let i = 0; i < f; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * f + k]! * z[k]!;
    z[i] = s / l[i * f + i]!;
  }
  const x = new Float64Array(f);
  for (let i = f - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < f; k++) s -= l[k * f + i]! * x[k]!;
    x[i] = s / l[i * f + i]!;
  }
  return x;
}

/** The user's vector: stored for a known user, folded in from the history otherwise. */
export function userVector(model: AlsModel, q: UserQuery): Float64Array {
  const f = model.factors;
  if (q.user !== null && q.user < model.userIds.length) return model.userFactors.subarray(q.user * f, (q.user + 1) * f);
  return foldIn(model, q.items, q.weights);
}

/**
 * score[j] = x_u · y_j (+ bias_j) for every item: the hot loop of serving (35k items × 64
 * factors per request). Four items at a time: four independent sums keep the adder busy and
 * each u[a] is loaded once for the four; each item's terms are still added in factor order,
 * so the scores are bit-identical to a plain loop's.
 */
export function scoreFactors(u: Float64Array, itemFactors: Float64Array, f: number, out: Float64Array, bias: Float64Array | null = null): void {
  const n = out.length;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const o0 = j * f, o1 = o0 + f, o2 = o1 + f, o3 = o2 + f;
    let s0 = bias ? bias[j]! : 0, s1 = bias ? bias[j + 1]! : 0, s2 = bias ? bias[j + 2]! : 0, s3 = bias ? bias[j + 3]! : 0;
    for (let a = 0; a < f; a++) {
      const ua = u[a]!;
      s0 += ua * itemFactors[o0 + a]!;
      s1 += ua * itemFactors[o1 + a]!;
      s2 += ua * itemFactors[o2 + a]!;
      s3 += ua * itemFactors[o3 + a]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < n; j++) {
    const o = j * f;
    let s = bias ? bias[j]! : 0;
    for (let a = 0; a < f; a++) s += u[a]! * itemFactors[o + a]!;
    out[j] = s;
  }
}

export function scoreAls(model: AlsModel, q: UserQuery, out: Float64Array): void {
  scoreFactors(userVector(model, q), model.itemFactors, model.factors, out);
}
