/**
 * BPR (Rendle et al. 2009): matrix factors with item biases learned by SGD on triples (user,
 * item they had, item they did not), maximising ln σ(x_ui − x_uj). Triples are drawn from the
 * seed: an interaction uniformly (so active users are drawn as often as they act), then a
 * negative item uniformly among those the user has not had.
 */
import { RecsInputError } from './errors';
import { sortedIndexOf } from './csr';
import type { InteractionMatrix } from './interactions';
import { noStep, type TrainStep, type UserQuery } from './query';
import { rng } from '../tabular/rng';
import { randomFactors, scoreFactors } from './als';

export interface BprParams {
  readonly factors?: number;
  /** Passes, each of as many triples as there are interactions (default 60). */
  readonly iterations?: number;
  /**
   * Default 0.2 with 60 passes: on debian_depends 30 passes at 0.05 stayed below popularity
   * (NDCG@10 0.11 against 0.19), 60 at 0.2 reach 0.28 (bench/recs.bench.mjs).
   */
  readonly learningRate?: number;
  readonly regularization?: number;
  readonly seed?: number;
}

export interface BprModel {
  readonly kind: 'bpr';
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  readonly popularity: Float64Array;
  readonly factors: number;
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
  readonly itemBias: Float64Array;
}

function has(m: InteractionMatrix, u: number, j: number): boolean {
  return sortedIndexOf(m.byUser.indices, m.byUser.indptr[u]!, m.byUser.indptr[u + 1]!, j) >= 0;
}

export async function trainBpr(m: InteractionMatrix, popularity: Float64Array, params: BprParams = {}, step: TrainStep = noStep): Promise<BprModel> {
  const f = params.factors ?? 32;
  const iterations = params.iterations ?? 60;
  const lr = params.learningRate ?? 0.2;
  const reg = params.regularization ?? 0.01;
  const seed = params.seed ?? 0;
  if (!(Number.isInteger(f) && f >= 1)) throw new RecsInputError(`factors must be a whole number of at least 1, not ${f}.`);
  if (!(Number.isInteger(iterations) && iterations >= 1)) throw new RecsInputError(`iterations must be a whole number of at least 1, not ${iterations}.`);
  if (!(lr > 0)) throw new RecsInputError(`learningRate must be above zero, not ${lr}.`);
  if (!(reg >= 0)) throw new RecsInputError(`regularization must be zero or more, not ${reg}.`);
  const users = m.byUser.rows;
  const items = m.byItem.rows;
  const x = randomFactors(users, f, seed);
  const y = randomFactors(items, f, seed + 1);
  const bias = new Float64Array(items);
  const nnz = m.byUser.indices.length;
  const owner = new Int32Array(nnz);
  for (let u = 0; u < users; u++) owner.fill(u, m.byUser.indptr[u]!, m.byUser.indptr[u + 1]!);
  const r = rng(seed + 2);
  for (let it = 0; it < iterations; it++) {
    for (let s = 0; s < nnz; s++) {
      const k = r.int(nnz);
      const u = owner[k]!;
      const i = m.byUser.indices[k]!;
      let j = r.int(items);
      let tries = 0;
      while (has(m, u, j) && tries++ < 20) j = r.int(items);
      if (has(m, u, j)) continue;
      const uo = u * f;
      const io = i * f;
      const jo = j * f;
      let diff = bias[i]! - bias[j]!;
      for (let a = 0; a < f; a++) diff += x[uo + a]! * (y[io + a]! - y[jo + a]!);
      const z = 1 / (1 + Math.exp(diff));
      for (let a = 0; a < f; a++) {
        const xu = x[uo + a]!;
        const yi = y[io + a]!;
        const yj = y[jo + a]!;
        x[uo + a] = xu + lr * (z * (yi - yj) - reg * xu);
        y[io + a] = yi + lr * (z * xu - reg * yi);
        y[jo + a] = yj + lr * (-z * xu - reg * yj);
      }
      bias[i]! += lr * (z - reg * bias[i]!);
      bias[j]! += lr * (-z - reg * bias[j]!);
      if ((s & 65535) === 65535) await step(it + s / nnz, iterations, `pass ${it + 1} of ${iterations}`);
    }
    await step(it + 1, iterations, `pass ${it + 1} of ${iterations}`);
  }
  return { kind: 'bpr', itemIds: m.itemIds, userIds: m.userIds, popularity, factors: f, userFactors: x, itemFactors: y, itemBias: bias };
}

/** A known user's factors, else the weighted mean of their history's item factors (BPR has no closed-form fold-in). */
export function bprUser(model: BprModel, q: UserQuery): Float64Array {
  const f = model.factors;
  if (q.user !== null && q.user < model.userIds.length) return model.userFactors.subarray(q.user * f, (q.user + 1) * f);
  const u = new Float64Array(f);
  let total = 0;
  for (let h = 0; h < q.items.length; h++) {
    const w = q.weights[h]!;
    total += w;
    for (let a = 0; a < f; a++) u[a]! += w * model.itemFactors[q.items[h]! * f + a]!;
  }
  if (total > 0) for (let a = 0; a < f; a++) u[a] = u[a]! / total;
  return u;
}

export function scoreBpr(model: BprModel, q: UserQuery, out: Float64Array): void {
  scoreFactors(bprUser(model, q), model.itemFactors, model.factors, out, model.itemBias);
}
