/**
 * Serving's ranking for factor models (ALS, BPR), with the float64 answer to the last bit at
 * about half the cost. Scoring 35k items × 64 factors reads the whole item-factor matrix per
 * request, and that read, not the arithmetic, is what takes the time (17.8 MB as float64). So:
 *
 * 1. approximate scores from a float32 copy of the item factors (8.9 MB; the sums still run in
 *    float64), and their top K;
 * 2. every item whose approximate score is within twice a proven error bound of the K-th is
 *    rescored exactly as scoreFactors does (same terms, same order), and the top K of those is
 *    the answer.
 *
 * Why this is exact: with |approx − exact| ≤ B for every item, an item of the exact top K has
 * exact ≥ K-th exact ≥ K-th approx − B, so approx ≥ K-th approx − 2B: it is among the rescored.
 * Ties keep topK's rule (lower index first) because the rescored set holds every tied item.
 */
import { bprUser, type BprModel } from './bpr';
import { userVector, type AlsModel } from './als';
import { normsOf } from './factor-norms';
import type { UserQuery } from './query';
import { topK, type Ranked } from './topk';

/** Float32 copies of item-factor matrices, made once per model (a served model is never changed). */
const float32Cache = new WeakMap<Float64Array, Float32Array>();
/** max ‖y_j‖ and max |bias_j| per matrix: the error bound's per-model part. */
const boundCache = new WeakMap<Float64Array, { maxNorm: number; maxBias: number }>();

function float32Of(y: Float64Array): Float32Array {
  let y32 = float32Cache.get(y);
  if (!y32) {
    y32 = Float32Array.from(y);
    float32Cache.set(y, y32);
  }
  return y32;
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
  float32Of(model.itemFactors);
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

/**
 * A bound on |approx − exact| for every item. Rounding y to float32 moves each term by at most
 * 2⁻²⁴·|u_a·y_a| (plus 2⁻¹⁴⁹·|u_a| where y_a becomes subnormal), so the sum by at most
 * 2⁻²⁴·‖u‖·‖y_j‖; each float64 sum of f terms (and the bias) is off by at most
 * f·2⁻⁵³·(|bias| + Σ|u_a·y_a|). Doubled, for the rounding of the bound itself.
 */
function errorBound(fq: FactorQuery): number {
  const { maxNorm, maxBias } = boundOf(fq.y, fq.f, fq.bias);
  let uu = 0;
  let u1 = 0;
  for (const v of fq.u) {
    uu += v * v;
    u1 += Math.abs(v);
  }
  const dot = Math.sqrt(uu) * maxNorm;
  return 2 * (dot * 2 ** -24 + u1 * 2 ** -149 + 2 * fq.f * 2 ** -53 * (maxBias + dot));
}

export interface FactorScratch {
  /** One score per item: approximate scores, then overwritten where exact ones are needed. */
  readonly scores: Float64Array;
  /** Room for the rescored items' indices. */
  readonly picked: Int32Array;
}

/** The exact top K of u·y_j (+ bias_j), as topK over scoreFactors' scores would give it; `skip` and `candidates` as topK takes them. */
export function rankFactors(fq: FactorQuery, k: number, skip: Uint8Array | null, candidates: Int32Array | null, scratch: FactorScratch): Ranked {
  const { scores, picked } = scratch;
  scoreFactors32(fq.u, float32Of(fq.y), fq.f, scores, fq.bias);
  const approx = topK(scores, k, skip, candidates);
  const found = approx.items.length;
  const bound = errorBound(fq);
  const kth = found ? approx.scores[found - 1]! : 0;
  let n = 0;
  if (found < k) {
    // Every eligible item is already in: rescore just those.
    for (const j of approx.items) picked[n++] = j;
  } else if (Number.isFinite(kth) && Number.isFinite(bound)) {
    const threshold = kth - 2 * bound;
    const count = candidates ? candidates.length : scores.length;
    for (let c = 0; c < count; c++) {
      const j = candidates ? candidates[c]! : c;
      if (scores[j]! >= threshold && !(skip && skip[j])) picked[n++] = j;
    }
  } else {
    // Factors beyond float32's range: no bound holds, so every item is scored exactly.
    const count = candidates ? candidates.length : scores.length;
    for (let c = 0; c < count; c++) picked[n++] = candidates ? candidates[c]! : c;
  }
  for (let p = 0; p < n; p++) scores[picked[p]!] = exactScore(fq, picked[p]!);
  return topK(scores, k, skip, picked.subarray(0, n));
}
