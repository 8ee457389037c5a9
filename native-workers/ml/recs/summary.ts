import { rowCounts } from './csr';
import type { InteractionMatrix } from './interactions';
import type { RecsDataSummary } from '../../../preload/contract/recs';

/** What the interactions look like (the contract's RecsDataSummary, which a run stores and shows). */
export type InteractionSummary = RecsDataSummary;

export function summarize(m: InteractionMatrix): InteractionSummary {
  const perItem = rowCounts(m.byItem);
  const perUser = rowCounts(m.byUser);
  const total = m.byUser.indices.length;
  const sorted = Float64Array.from(perItem).sort().reverse();
  const ranks = new Set<number>();
  const steps = 200;
  for (let s = 0; s < steps; s++) ranks.add(Math.min(sorted.length, Math.round(Math.exp((Math.log(sorted.length) * s) / (steps - 1)))));
  const popularity = [...ranks].filter((r) => r >= 1).sort((a, b) => a - b).map((rank) => ({ rank, interactions: sorted[rank - 1]! }));
  const top = Math.max(1, Math.ceil(sorted.length * 0.2));
  let topSum = 0;
  for (let i = 0; i < top; i++) topSum += sorted[i]!;
  return {
    users: m.userIds.length,
    items: m.itemIds.length,
    interactions: total,
    density: total / (m.userIds.length * m.itemIds.length),
    duplicates: m.duplicates,
    coldItems: perItem.filter((c) => c === 0).length,
    usersWithOneInteraction: perUser.filter((c) => c === 1).length,
    popularity,
    top20Share: total ? topSum / total : 0,
  };
}
