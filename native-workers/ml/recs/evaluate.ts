import { RecsInputError } from './errors';
import type { Holdout } from './holdout';
import { rankingMetrics, type RankingMetrics } from './metrics';
import { scoreInto, type RecsModel } from './model';
import { noStep, queryOf, type TrainStep } from './query';
import { topK } from './topk';
import { rng, shuffle } from '../tabular/rng';

export interface EvaluateOptions {
  readonly k: number;
  /** At most this many held-out users are scored (a seeded sample; default all). */
  readonly maxUsers?: number;
  readonly seed?: number;
  /** Metrics are also computed at every K from 1 to this (default max(k, 20)), for a curve. */
  readonly curveTo?: number;
}

export interface Evaluation {
  readonly k: number;
  /** Users scored (those with held-out items, sampled down to maxUsers). */
  readonly users: number;
  readonly metrics: RankingMetrics;
  readonly curve: readonly ({ readonly k: number } & RankingMetrics)[];
}

/** The held-out users to score, in index order (a seeded sample when there are more than maxUsers). */
export function evaluationUsers(h: Holdout, maxUsers: number | undefined, seed: number): Int32Array {
  const all: number[] = [];
  for (let u = 0; u < h.test.rows; u++) if (h.test.indptr[u + 1]! > h.test.indptr[u]!) all.push(u);
  // Stryker disable next-line EqualityOperator: a sample of all of them is all of them, in index order.
  if (maxUsers === undefined || all.length <= maxUsers) return Int32Array.from(all);
  return shuffle(Int32Array.from(all), rng(seed)).slice(0, maxUsers).sort();
}

/**
 * Ranks every catalogue item (seen ones left out) for each evaluated user from their training
 * history, and scores the ranking against what was held out.
 */
export async function evaluate(model: RecsModel, h: Holdout, opts: EvaluateOptions, step: TrainStep = noStep): Promise<Evaluation> {
  const { k } = opts;
  if (!(Number.isInteger(k) && k >= 1)) throw new RecsInputError(`K must be a whole number of at least 1, not ${k}.`);
  const kmax = Math.max(k, opts.curveTo ?? 20);
  const users = evaluationUsers(h, opts.maxUsers, opts.seed ?? 0);
  const train = h.train.byUser;
  const items = h.train.itemIds.length;
  const share = new Float64Array(items);
  const byItem = h.train.byItem;
  let trainUsers = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: holdout() leaves every user a training interaction; the check keeps the share right for a matrix built otherwise.
  for (let u = 0; u < train.rows; u++) if (train.indptr[u + 1]! > train.indptr[u]!) trainUsers++;
  for (let i = 0; i < items; i++) share[i] = (byItem.indptr[i + 1]! - byItem.indptr[i]!) / Math.max(1, trainUsers);
  const scores = new Float64Array(items);
  const skip = new Uint8Array(items);
  const lists: Int32Array[] = [];
  const relevant: Int32Array[] = [];
  for (let n = 0; n < users.length; n++) {
    const u = users[n]!;
    const q = queryOf(train, u);
    // Never a cold user: a holdout leaves everyone it holds out at least one training interaction.
    scoreInto(model, q, scores);
    for (const i of q.items) skip[i] = 1;
    lists.push(topK(scores, kmax, skip).items);
    for (const i of q.items) skip[i] = 0;
    relevant.push(h.test.indices.slice(h.test.indptr[u]!, h.test.indptr[u + 1]!));
    if ((n & 255) === 255) await step(n + 1, users.length, `${n + 1} of ${users.length} users ranked`);
  }
  const curve = Array.from({ length: kmax }, (_, i) => ({ k: i + 1, ...rankingMetrics(lists, relevant, i + 1, share, items) }));
  return { k, users: users.length, metrics: curve[k - 1]!, curve };
}
