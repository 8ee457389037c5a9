/**
 * Interaction data with planted structure, for tests: users in `groups` groups, each group
 * drawing mostly from its own block of items (and a little from anywhere), so a model that
 * learns co-occurrence recommends within the block and popularity cannot.
 */
import { rng } from '../tabular/rng';

export interface PlantedData {
  readonly users: string[];
  readonly items: string[];
  readonly times: number[];
  /** The group of each item id ("i12" → 12 % groups). */
  readonly groupOf: (item: string) => number;
}

export function plantedInteractions(opts: { users: number; items: number; groups: number; perUser: number; noise: number; seed: number }): PlantedData {
  const r = rng(opts.seed);
  const users: string[] = [];
  const items: string[] = [];
  const times: number[] = [];
  const blockSize = Math.floor(opts.items / opts.groups);
  for (let u = 0; u < opts.users; u++) {
    const group = u % opts.groups;
    const seen = new Set<number>();
    for (let e = 0; e < opts.perUser; e++) {
      // Zipf-ish within the block: low offsets are popular, so there is a long tail.
      const i = r.next() < opts.noise ? r.int(opts.items) : group + opts.groups * Math.floor(blockSize * r.next() ** 2);
      if (seen.has(i)) continue;
      seen.add(i);
      users.push(`u${u}`);
      items.push(`i${i}`);
      times.push(e);
    }
  }
  return { users, items, times, groupOf: (item) => Number(item.slice(1)) % opts.groups };
}
