/**
 * Hybrid: ALS blended with content. Collaborative scores need history on both sides, so the
 * blend leans on content where history is thin: a user with n interactions gets content weight
 * shrink / (shrink + n) (all content for a new user, little for a heavy one), and an item nobody
 * has interacted with is scored by content alone (its factors carry no signal). Each part is
 * standardised over the catalogue first (mean 0, standard deviation 1), so what counts is how
 * far an item stands out in each: scaling by the largest score instead let weak metadata, which
 * rates thousands of items alike, drown ALS's few sharp peaks (NDCG@10 0.02 against ALS's 0.37
 * on debian_depends, bench/recs.bench.mjs).
 */
import type { AlsModel } from './als';
import { scoreAls } from './als';
import type { ContentModel } from './content';
import { scoreContent } from './content';
import type { UserQuery } from './query';

export interface HybridModel {
  readonly kind: 'hybrid';
  readonly itemIds: readonly string[];
  readonly popularity: Float64Array;
  readonly collaborative: AlsModel;
  readonly content: ContentModel;
  /** History size at which content and collaborative weigh the same (default 5). */
  readonly contentShrink: number;
}

function standardise(v: Float64Array): void {
  let sum = 0;
  for (const x of v) sum += x;
  const mean = sum / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / v.length);
  for (let i = 0; i < v.length; i++) v[i] = sd > 0 ? (v[i]! - mean) / sd : 0;
}

export function scoreHybrid(model: HybridModel, q: UserQuery, out: Float64Array): void {
  const content = new Float64Array(out.length);
  scoreContent(model.content, q, content);
  scoreAls(model.collaborative, q, out);
  standardise(out);
  standardise(content);
  const wc = model.contentShrink / (model.contentShrink + q.items.length);
  for (let j = 0; j < out.length; j++) out[j] = model.popularity[j]! > 0 ? (1 - wc) * out[j]! + wc * content[j]! : content[j]!;
}
