/**
 * The trained recommender: a plain object of JSON-able fields and typed arrays (serialize.ts
 * stores it), with one way to ask it for recommendations. A user with no history, or a model
 * that cannot place them, gets the popular items and is flagged cold-start.
 */
import { RecsInputError } from './errors';
import { oneThread, scoreAls, trainAls, type AlsModel, type AlsRowSolver } from './als';
import { scoreBpr, trainBpr, type BprModel } from './bpr';
import { contentSimilarity, scoreContent, trainContent, type ContentModel, type ItemMetadata } from './content';
import { scoreHybrid, type HybridModel } from './hybrid';
import type { InteractionMatrix } from './interactions';
import { knnSimilarity, scoreItemKnn, trainItemKnn, type ItemKnnModel } from './itemknn';
import { itemPopularity, type PopularModel } from './popular';
import { noStep, type TrainStep, type UserQuery } from './query';
import { normsOf } from './factor-norms';
import { rankFactors, factorQuery } from './rank-factors';
import { topK, type Ranked } from './topk';
import { recsModelKinds, type RecsModelKind } from '../../../preload/contract/recs';

export type RecsModel = PopularModel | ItemKnnModel | AlsModel | BprModel | ContentModel | HybridModel;
export type { RecsModelKind };
export { recsModelKinds };

// Every kind the contract names has a model, and no other.
const sameKinds: [RecsModel['kind'], RecsModelKind] extends [RecsModelKind, RecsModel['kind']] ? true : never = true;
void sameKinds;

/** Parameters by name, as `--param NAME=VALUE` gives them. */
export type RecsParams = Readonly<Record<string, number>>;

/** Which parameters each model takes: anything else is refused, so a typo is not silently ignored. */
export const recsParamNames: Readonly<Record<RecsModelKind, readonly string[]>> = {
  popular: ['halfLife'],
  itemknn: ['neighbours', 'shrinkage'],
  als: ['factors', 'iterations', 'regularization', 'alpha', 'cgSteps'],
  bpr: ['factors', 'iterations', 'learningRate', 'regularization'],
  content: [],
  hybrid: ['factors', 'iterations', 'regularization', 'alpha', 'cgSteps', 'contentShrink'],
};

export function checkParams(kind: RecsModelKind, params: RecsParams): void {
  const allowed = recsParamNames[kind];
  for (const [name, value] of Object.entries(params)) {
    if (!allowed.includes(name)) throw new RecsInputError(`${kind} takes no parameter "${name}"; it takes ${allowed.length ? allowed.join(', ') : 'none'}.`);
    if (!Number.isFinite(value)) throw new RecsInputError(`Parameter ${name} must be a number, not ${String(value)}.`);
  }
}

export async function trainModel(
  kind: RecsModelKind,
  m: InteractionMatrix,
  params: RecsParams,
  seed: number,
  metadata: ItemMetadata | null,
  step: TrainStep = noStep,
  /** Who solves ALS's half steps (als and hybrid): runtime/als-threads.ts lends a second core. */
  alsSolver: AlsRowSolver = oneThread,
): Promise<RecsModel> {
  checkParams(kind, params);
  if ((kind === 'content' || kind === 'hybrid') && !metadata) throw new RecsInputError(`The ${kind} model needs an item-metadata dataset (--items DATASET --item-key COL).`);
  // Stryker disable next-line ConditionalExpression: only popular takes halfLife (checkParams), and nothing else is read here.
  const popularity = itemPopularity(m, kind === 'popular' ? params : {});
  switch (kind) {
    case 'popular':
      return { kind, itemIds: m.itemIds, popularity };
    case 'itemknn':
      return trainItemKnn(m, popularity, params, step);
    case 'als':
      return trainAls(m, popularity, { ...params, seed }, step, undefined, alsSolver);
    case 'bpr':
      return trainBpr(m, popularity, { ...params, seed }, step);
    case 'content':
      return trainContent(m.itemIds, popularity, metadata!);
    case 'hybrid': {
      const { contentShrink, ...als } = params;
      return {
        kind,
        itemIds: m.itemIds,
        popularity,
        collaborative: await trainAls(m, popularity, { ...als, seed }, step, undefined, alsSolver),
        content: trainContent(m.itemIds, popularity, metadata!),
        contentShrink: contentShrink ?? 5,
      };
    }
  }
}

/** Fills `out` (one score per item) for the query; popularity for a model that has no other answer. */
export function scoreInto(model: RecsModel, q: UserQuery, out: Float64Array): void {
  switch (model.kind) {
    case 'popular':
      out.set(model.popularity);
      return;
    case 'itemknn':
      return scoreItemKnn(model, q, out);
    case 'als':
      return scoreAls(model, q, out);
    case 'bpr':
      return scoreBpr(model, q, out);
    case 'content':
      return scoreContent(model, q, out);
    case 'hybrid':
      return scoreHybrid(model, q, out);
  }
}

/** Whether the model has anything but popularity to say about this user. */
export function isColdStart(model: RecsModel, q: UserQuery): boolean {
  if (model.kind === 'popular') return false;
  if (q.items.length > 0) return false;
  return !((model.kind === 'als' || model.kind === 'bpr') && q.user !== null && q.user < model.userIds.length);
}

export interface Recommendation {
  readonly item: number;
  readonly score: number;
  /** The history items that led to it, most influential first; empty with reason 'popular'. */
  readonly because: readonly number[];
  readonly reason: 'history' | 'popular';
}

export interface RecommendOptions {
  /** Leave out what the user already had (default true). */
  readonly excludeSeen?: boolean;
  /** Rank only these items (a filter); none left gives an empty answer, not an error. */
  readonly candidates?: Int32Array;
  /** Never rank these items (a filter), whatever excludeSeen says. */
  readonly exclude?: Int32Array;
  /** History items named per recommendation (default 3). */
  readonly reasons?: number;
  /** Buffers reused across calls (a server's), so a request allocates nothing catalogue-sized. */
  readonly scratch?: RecommendScratch;
}

/** One score per item and a zeroed seen-item mask, kept by a caller that asks many times (one thread: not shared). */
export class RecommendScratch {
  readonly scores: Float64Array;
  /** All zero between calls: recommend() sets the history's entries and clears them again. */
  readonly seen: Uint8Array;
  /** The items a factor model rescores exactly (rank-factors.ts). */
  readonly picked: Int32Array;
  constructor(items: number) {
    this.scores = new Float64Array(items);
    this.seen = new Uint8Array(items);
    this.picked = new Int32Array(items);
  }
}

export interface RecommendResult {
  readonly coldStart: boolean;
  readonly items: readonly Recommendation[];
}

/** How much history item h speaks for recommending j, in the model's own terms. */
function influence(model: RecsModel, h: number, j: number): number {
  switch (model.kind) {
    case 'popular':
      return 0;
    case 'itemknn':
      return knnSimilarity(model, h, j);
    case 'content':
      return contentSimilarity(model, h, j);
    case 'hybrid':
      return model.popularity[j]! > 0 ? factorCosine(model.collaborative.itemFactors, model.collaborative.factors, h, j) : contentSimilarity(model.content, h, j);
    case 'als':
    case 'bpr':
      return factorCosine(model.itemFactors, model.factors, h, j);
  }
}

function factorCosine(y: Float64Array, f: number, a: number, b: number): number {
  const norms = normsOf(y, f);
  const na = norms[a]!;
  const nb = norms[b]!;
  // Stryker disable next-line LogicalOperator,ConditionalExpression: with one norm 0 the sum is 0 and 0 / 0 is NaN, which reasonsFor skips as well.
  if (!(na > 0 && nb > 0)) return 0;
  let s = 0;
  for (let k = 0; k < f; k++) s += y[a * f + k]! * y[b * f + k]!;
  return s / (na * nb);
}

/** The history items that speak most for item j (weight × influence), strongest first, ties to the lower index. */
function reasonsFor(model: RecsModel, q: UserQuery, j: number, limit: number): number[] {
  const best: { h: number; v: number }[] = [];
  for (let at = 0; at < q.items.length; at++) {
    const h = q.items[at]!;
    const v = q.weights[at]! * influence(model, h, j);
    if (!(v > 0)) continue;
    best.push({ h, v });
  }
  best.sort((a, b) => b.v - a.v || a.h - b.h);
  return best.slice(0, limit).map((x) => x.h);
}

/** The top `k` items for a user, with scores and reasons. */
export function recommend(model: RecsModel, q: UserQuery, k: number, opts: RecommendOptions = {}): RecommendResult {
  const n = model.itemIds.length;
  const cold = isColdStart(model, q);
  const scratch = opts.scratch && opts.scratch.scores.length === n ? opts.scratch : new RecommendScratch(n);
  const scores = scratch.scores;
  // ALS and BPR rank through float32 factors and an exact rescoring (rank-factors.ts): the same answer, faster.
  const fq = !cold && (model.kind === 'als' || model.kind === 'bpr') && (!opts.candidates || opts.candidates.length <= n) ? factorQuery(model, q) : null;
  if (cold) scores.set(model.popularity);
  else if (!fq) scoreInto(model, q, scores);
  const excludeSeen = opts.excludeSeen ?? true;
  const seen = scratch.seen;
  const mark = (v: 0 | 1): void => {
    if (excludeSeen) for (const i of q.items) seen[i] = v;
    if (opts.exclude) for (const i of opts.exclude) seen[i] = v;
  };
  mark(1);
  let ranked: Ranked;
  try {
    const skip = excludeSeen || opts.exclude ? seen : null;
    ranked = fq ? rankFactors(fq, k, skip, opts.candidates ?? null, scratch) : topK(scores, k, skip, opts.candidates ?? null);
  } finally {
    mark(0);
  }
  const nReasons = opts.reasons ?? 3;
  const popular = cold || model.kind === 'popular';
  const items: Recommendation[] = [];
  for (let r = 0; r < ranked.items.length; r++) {
    const j = ranked.items[r]!;
    items.push({ item: j, score: ranked.scores[r]!, because: popular ? [] : reasonsFor(model, q, j, nReasons), reason: popular ? 'popular' : 'history' });
  }
  return { coldStart: cold, items };
}
