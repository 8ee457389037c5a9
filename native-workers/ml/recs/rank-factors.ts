/**
 * Serving's ranking for factor models (ALS, BPR), with the float64 answer to the last bit at a
 * fraction of the cost. Scoring 35k items × 64 factors is nearly all of a request. So:
 *
 * 1. approximate scores from a float32 copy of the item factors: by default in WebAssembly SIMD
 *    (score-kernel.ts; float32 sums, 4–6× the JS loop), else by a JS loop summing in float64;
 *    then their top K;
 * 2. every item whose approximate score is within twice a proven error bound of the K-th is
 *    rescored exactly as scoreFactors does (same terms, same order), and the top K of those is
 *    the answer.
 *
 * Why this is exact: with |approx − exact| ≤ B for every item, an item of the exact top K has
 * exact ≥ K-th exact ≥ K-th approx − B, so approx ≥ K-th approx − 2B: it is among the rescored.
 * Ties keep topK's rule (lower index first) because the rescored set holds every tied item.
 * Both first passes therefore give the same answer (rank-factors.test.ts checks it bit for bit).
 */
import { bprUser, type BprModel } from './bpr';
import { userVector, type AlsModel } from './als';
import { normsOf } from './factor-norms';
import type { UserQuery } from './query';
import { simdScorer, type SimdScorer } from './score-kernel';
import { topK, type Ranked } from './topk';

/** The first pass: `simd` where the engine has it (else the JS loop), `js` always the JS loop. */
export type FirstPass = 'simd' | 'js';

/** A matrix's float32 copy, and the SIMD scorer holding it (null where none can run). */
interface Float32Factors {
  readonly y32: Float32Array;
  readonly simd: SimdScorer | null;
  /** Why there is no SIMD scorer. */
  readonly why?: string;
}

/** Made once per model (a served model is never changed). */
const float32Cache = new WeakMap<Float64Array, Float32Factors>();
/** max ‖y_j‖ and max |bias_j| per matrix: the error bound's per-model part. */
const boundCache = new WeakMap<Float64Array, { maxNorm: number; maxBias: number }>();

function float32Of(y: Float64Array, f: number): Float32Factors {
  let c = float32Cache.get(y);
  if (!c) {
    const simd = simdScorer(y, f);
    c = typeof simd === 'string' ? { y32: Float32Array.from(y), simd: null, why: simd } : { y32: simd.y32, simd };
    float32Cache.set(y, c);
  }
  return c;
}

/** Why a matrix is ranked without SIMD, or null when it is ranked with it. */
export function simdUnavailable(y: Float64Array, f: number): string | null {
  return float32Of(y, f).why ?? null;
}

function boundOf(y: Float64Array, f: number, bias: Float64Array | null): { maxNorm: number; maxBias: number } {
  let b = boundCache.get(y);
  if (!b) {
    let maxNorm = 0;
    for (const n of normsOf(y, f)) if (n > maxNorm) maxNorm = n;
    let maxBias = 0;
    if (bias) for (const v of bias) if (Math.abs(v) > maxBias) maxBias = Math.abs(v);
    b = { maxNorm, maxBias };
    boundCache.set(y, b);
  }
  return b;
}

/** What a factor model scores with, for a user it can place: the user's vector, the item factors, and BPR's item bias. */
export interface FactorQuery {
  readonly u: Float64Array;
  readonly y: Float64Array;
  readonly f: number;
  readonly bias: Float64Array | null;
}

export function factorQuery(model: AlsModel | BprModel, q: UserQuery): FactorQuery {
  return model.kind === 'als'
    ? { u: userVector(model, q), y: model.itemFactors, f: model.factors, bias: null }
    : { u: bprUser(model, q), y: model.itemFactors, f: model.factors, bias: model.itemBias };
}

/** Builds a model's float32 copy and bound now (a server calls it at load, so its first request is not the slow one). */
export function prepareFactors(model: AlsModel | BprModel): void {
  float32Of(model.itemFactors, model.factors);
  boundOf(model.itemFactors, model.factors, model.kind === 'bpr' ? model.itemBias : null);
}

/**
 * out[j] = Σ u[a]·y32[j·f + a] (+ bias[j]) in float64: scoreFactors' loop over a float32
 * matrix. A separate function, not scoreFactors over a union type, so that each stays
 * monomorphic (one array type per load site) for the JIT.
 */
function scoreFactors32(u: Float64Array, y: Float32Array, f: number, out: Float64Array, bias: Float64Array | null): void {
  const n = out.length;
  let j = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: four items at a time for speed only; the loop below gives each item the same sum
  for (; j + 3 < n; j += 4) {
    const o0 = j * f, o1 = o0 + f, o2 = o1 + f, o3 = o2 + f;
    let s0 = bias ? bias[j]! : 0, s1 = bias ? bias[j + 1]! : 0, s2 = bias ? bias[j + 2]! : 0, s3 = bias ? bias[j + 3]! : 0;
    for (let a = 0; a < f; a++) {
      const ua = u[a]!;
      s0 += ua * y[o0 + a]!;
      s1 += ua * y[o1 + a]!;
      s2 += ua * y[o2 + a]!;
      s3 += ua * y[o3 + a]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < n; j++) {
    const o = j * f;
    let s = bias ? bias[j]! : 0;
    for (let a = 0; a < f; a++) s += u[a]! * y[o + a]!;
    out[j] = s;
  }
}

/** scoreFactors' exact score of one item (the same terms in the same order). */
function exactScore(fq: FactorQuery, j: number): number {
  const { u, y, f, bias } = fq;
  const o = j * f;
  let s = bias ? bias[j]! : 0;
  for (let a = 0; a < f; a++) s += u[a]! * y[o + a]!;
  return s;
}

/** The user vector's squared 2-norm and its 1-norm, which both bounds take. */
function userNorms(u: ArrayLike<number>): { uu: number; u1: number } {
  let uu = 0;
  let u1 = 0;
  for (let a = 0; a < u.length; a++) {
    uu += u[a] * u[a];
    u1 += Math.abs(u[a]);
  }
  return { uu, u1 };
}

/**
 * A bound on |approx − exact| for every item, for the JS first pass (float64 sums). Rounding y to float32 moves each term by at most
 * 2⁻²⁴·|u_a·y_a| (plus 2⁻¹⁴⁹·|u_a| where y_a becomes subnormal), so the sum by at most
 * 2⁻²⁴·‖u‖·‖y_j‖; each float64 sum of f terms (and the bias) is off by at most
 * f·2⁻⁵³·(|bias| + Σ|u_a·y_a|). Doubled, for the rounding of the bound itself. Exported for its
 * test (soundness and tightness against measured errors).
 */
export function errorBound(fq: FactorQuery): number {
  const { maxNorm, maxBias } = boundOf(fq.y, fq.f, fq.bias);
  const { uu, u1 } = userNorms(fq.u);
  const dot = Math.sqrt(uu) * maxNorm;
  return 2 * (dot * 2 ** -24 + u1 * 2 ** -149 + 2 * fq.f * 2 ** -53 * (maxBias + dot));
}

/**
 * The same bound for the SIMD first pass (float32 sums), or null where it cannot be used (the
 * caller takes the JS pass). Each product passes through at most m = ⌊f/4⌋ + (f mod 4) + 3
 * float32 adds (its lane, the two that join the lanes, the tail), after three roundings (u_a and
 * y_a to float32, the product), so the sum is off by at most γ_{m+3}·Σ|u_a·y_a| ≤
 * γ_{m+3}·‖u‖·‖y_j‖ with γ_n = n·2⁻²⁴/(1 − n·2⁻²⁴) (Higham, Accuracy and Stability, §3.1), plus
 * 2⁻¹⁵⁰ per rounding that lands among subnormals (adds there are exact): u_a and y_a each
 * scaled by the other factor, and the product. The exact score's own float64 error and the
 * bias's add are the JS pass's term. Doubled, for the rounding of the bound itself. Factors
 * below 2⁶⁰ with ‖u‖·‖y‖ below 2¹⁰⁰ keep every float32 value finite (max 2¹²⁸). Exported for its test.
 */
export function simdErrorBound(fq: FactorQuery): number | null {
  const { maxNorm, maxBias } = boundOf(fq.y, fq.f, fq.bias);
  const { uu, u1 } = userNorms(fq.u);
  const uNorm = Math.sqrt(uu);
  const dot = uNorm * maxNorm;
  if (!(uNorm < 2 ** 60 && maxNorm < 2 ** 60 && dot < 2 ** 100)) return null;
  const f = fq.f;
  const n = (f >> 2) + (f & 3) + 6;
  const gamma = (n * 2 ** -24) / (1 - n * 2 ** -24);
  return 2 * (gamma * dot + 2 ** -150 * (u1 + f * maxNorm + f) + 2 * f * 2 ** -53 * (maxBias + dot));
}

/**
 * One pass over the approximate scores (topK's eligibility: not skipped, above -Infinity) that
 * finds the K-th best with a min-heap of K values and keeps in `picked` every item within
 * `margin` of the K-th best so far. That running K-th only rises, so every item within margin
 * of the final K-th is kept; the few kept early and below it are dropped at the end. Returns how
 * many are kept (every eligible item when fewer than K are), or null when the K-th is not
 * finite (an approximate score overflowed: the caller scores everything exactly).
 */
function nearTop(scores: Float64Array, k: number, skip: Uint8Array | null, candidates: Int32Array | null, margin: number, picked: Int32Array): number | null {
  const heap = new Float64Array(k);
  let size = 0;
  let threshold = -Infinity;
  let n = 0;
  const count = candidates ? candidates.length : scores.length;
  for (let c = 0; c < count; c++) {
    const j = candidates ? candidates[c]! : c;
    const s = scores[j]!;
    if (!(s >= threshold) || !(s > -Infinity) || (skip && skip[j])) continue;
    picked[n++] = j;
    if (size < k) {
      let at = size++;
      while (at > 0 && heap[(at - 1) >> 1]! > s) {
        heap[at] = heap[(at - 1) >> 1]!;
        at = (at - 1) >> 1;
      }
      heap[at] = s;
    } else if (s > heap[0]!) {
      let at = 0;
      for (;;) {
        const l = 2 * at + 1;
        if (l >= size) break;
        const m = l + 1 < size && heap[l + 1]! < heap[l]! ? l + 1 : l;
        if (heap[m]! >= s) break;
        heap[at] = heap[m]!;
        at = m;
      }
      heap[at] = s;
    } else continue;
    if (size === k) threshold = heap[0]! - margin;
  }
  if (size < k) return n;
  if (!Number.isFinite(heap[0]!)) return null;
  let kept = 0;
  for (let p = 0; p < n; p++) if (scores[picked[p]!]! >= threshold) picked[kept++] = picked[p]!;
  return kept;
}

export interface FactorScratch {
  /** One score per item: approximate scores, then overwritten where exact ones are needed. */
  readonly scores: Float64Array;
  /** Room for the rescored items' indices. */
  readonly picked: Int32Array;
  /** Set by rankFactors: how many items its last call scored exactly (the work the bound saved is the rest). */
  rescored?: number;
}

/**
 * The exact top K of u·y_j (+ bias_j), as topK over scoreFactors' scores would give it; `skip`
 * and `candidates` as topK takes them. `pass` picks the first pass (the answer is the same).
 */
export function rankFactors(fq: FactorQuery, k: number, skip: Uint8Array | null, candidates: Int32Array | null, scratch: FactorScratch, pass: FirstPass = 'simd'): Ranked {
  const { scores, picked } = scratch;
  if (k <= 0) {
    scratch.rescored = 0;
    return topK(scores, 0);
  }
  const { y32, simd } = float32Of(fq.y, fq.f);
  const simdBound = simd && pass === 'simd' ? simdErrorBound(fq) : null;
  let bound: number;
  if (simd && simdBound !== null) {
    simd.score(fq.u, scores);
    if (fq.bias) for (let j = 0; j < scores.length; j++) scores[j] = scores[j]! + fq.bias[j]!;
    bound = simdBound;
  } else {
    scoreFactors32(fq.u, y32, fq.f, scores, fq.bias);
    bound = errorBound(fq);
  }
  let n = 0;
  const near = Number.isFinite(bound) ? nearTop(scores, k, skip, candidates, 2 * bound, picked) : null;
  if (near !== null) n = near;
  else {
    // Factors beyond float32's range: no bound holds, so every item is scored exactly.
    const count = candidates ? candidates.length : scores.length;
    for (let c = 0; c < count; c++) picked[n++] = candidates ? candidates[c]! : c;
  }
  for (let p = 0; p < n; p++) scores[picked[p]!] = exactScore(fq, picked[p]!);
  scratch.rescored = n;
  return topK(scores, k, skip, picked.subarray(0, n));
}
