import { RecsInputError } from './errors';
import type { InteractionMatrix } from './interactions';

export interface PopularParams {
  /** Half-life of an event's weight, in days for a date time column (in its own units for a numeric one); absent: no decay. */
  readonly halfLife?: number;
}

export interface PopularModel {
  readonly kind: 'popular';
  readonly itemIds: readonly string[];
  /** Each item's (decayed) sum of weights; ratings count one each. */
  readonly popularity: Float64Array;
}

/**
 * Item popularity: the sum of implicit weights (a rating counts once: a 1-star rating is still
 * attention), optionally decayed by age relative to the latest event, halving every `halfLife`.
 * Every model keeps this vector: it is the answer for someone with no history.
 */
export function itemPopularity(m: InteractionMatrix, params: PopularParams = {}): Float64Array {
  const { byItem } = m;
  const out = new Float64Array(byItem.rows);
  const decay = params.halfLife !== undefined && byItem.times !== null;
  if (params.halfLife !== undefined && !(params.halfLife > 0)) throw new RecsInputError(`halfLife must be above zero, not ${params.halfLife}.`);
  let latest = -Infinity;
  if (decay) for (const t of byItem.times!) latest = Math.max(latest, t);
  const rate = decay ? Math.LN2 / params.halfLife! : 0;
  for (let i = 0; i < byItem.rows; i++) {
    let s = 0;
    for (let k = byItem.indptr[i]!; k < byItem.indptr[i + 1]!; k++) {
      const w = m.feedback === 'implicit' ? byItem.data[k]! : 1;
      s += decay ? w * Math.exp(-rate * (latest - byItem.times![k]!)) : w;
    }
    out[i] = s;
  }
  return out;
}

export function trainPopular(m: InteractionMatrix, params: PopularParams = {}): PopularModel {
  return { kind: 'popular', itemIds: m.itemIds, popularity: itemPopularity(m, params) };
}
