/**
 * Ranking metrics @K with binary relevance (an item is relevant when it was held out for the
 * user), averaged over the users evaluated:
 *   precision = hits / K              recall = hits / |relevant|
 *   NDCG = Σ_{hit at rank r} 1/log2(r + 1) / Σ_{r ≤ min(K, |relevant|)} 1/log2(r + 1)
 *   AP = Σ_{hit at rank r} precision@r / min(K, |relevant|)   (MAP is its mean)
 *   hit rate = 1 if any hit        MRR = 1 / rank of the first hit (0 if none)
 * and over all lists together: coverage = distinct items recommended / catalogue size;
 * popularity bias = mean over users of the mean popularity of their list, an item's popularity
 * being the share of training users who had it. fixtures/make-fixtures.py computes the same.
 */
import { sortedIndexOf } from './csr';
import type { RecsMetricSet } from '../../../preload/contract/recs';

export interface UserMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly ap: number;
  readonly hit: number;
  readonly rr: number;
}

/** `relevant` sorted ascending. Lists shorter than K count their missing ranks as misses. */
export function userMetrics(list: Int32Array, relevant: Int32Array, k: number): UserMetrics {
  let hits = 0, dcg = 0, ap = 0, rr = 0;
  const n = Math.min(k, list.length);
  for (let r = 0; r < n; r++) {
    if (sortedIndexOf(relevant, 0, relevant.length, list[r]!) < 0) continue;
    hits++;
    dcg += 1 / Math.log2(r + 2);
    ap += hits / (r + 1);
    if (rr === 0) rr = 1 / (r + 1);
  }
  const ideal = Math.min(k, relevant.length);
  let idcg = 0;
  for (let r = 0; r < ideal; r++) idcg += 1 / Math.log2(r + 2);
  return { precision: hits / k, recall: hits / relevant.length, ndcg: dcg / idcg, ap: ap / ideal, hit: hits > 0 ? 1 : 0, rr };
}

/** Metrics @K over the held-out users (the contract's RecsMetricSet: what a run stores and shows). */
export type RankingMetrics = RecsMetricSet;

/**
 * The metrics over users: `lists[u]` the ranked recommendations (at least K long where the
 * catalogue allows), `relevant[u]` the held-out items. `itemShare[i]` is item i's popularity
 * (share of training users), `items` the catalogue size.
 */
export function rankingMetrics(lists: readonly Int32Array[], relevant: readonly Int32Array[], k: number, itemShare: Float64Array, items: number): RankingMetrics {
  const sum = { precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0, mrr: 0, popularityBias: 0 };
  const shown = new Uint8Array(items);
  let distinct = 0;
  for (let u = 0; u < lists.length; u++) {
    const m = userMetrics(lists[u]!, relevant[u]!, k);
    sum.precision += m.precision;
    sum.recall += m.recall;
    sum.ndcg += m.ndcg;
    sum.map += m.ap;
    sum.hitRate += m.hit;
    sum.mrr += m.rr;
    const n = Math.min(k, lists[u]!.length);
    let pop = 0;
    for (let r = 0; r < n; r++) {
      const i = lists[u]![r]!;
      pop += itemShare[i]!;
      if (!shown[i]) {
        shown[i] = 1;
        distinct++;
      }
    }
    sum.popularityBias += n ? pop / n : 0;
  }
  const users = lists.length;
  const mean = (x: number): number => (users ? x / users : 0);
  return {
    precision: mean(sum.precision),
    recall: mean(sum.recall),
    ndcg: mean(sum.ndcg),
    map: mean(sum.map),
    hitRate: mean(sum.hitRate),
    mrr: mean(sum.mrr),
    coverage: distinct / items,
    popularityBias: mean(sum.popularityBias),
  };
}
