import { describe, expect, it } from 'vitest';
import { rng } from '../tabular/rng';
import { buildInteractions } from './interactions';
import { itemPopularity, trainPopular } from './popular';
import { summarize } from './summary';

describe('item popularity', () => {
  const users = ['a', 'a', 'b', 'c', 'c', 'd'];
  const items = ['x', 'y', 'x', 'x', 'z', 'y'];
  const weights = [2, 1, 0.5, 4, 1, 3];
  const times = [10, 20, 30, 40, 40, 0];

  it('sums implicit weights; a rating counts once whatever its value', () => {
    const implicit = buildInteractions({ users, items, weights }, { feedback: 'implicit' });
    const at = (m: typeof implicit, p: Float64Array, id: string) => p[m.itemIds.indexOf(id)];
    const p = itemPopularity(implicit);
    expect([at(implicit, p, 'x'), at(implicit, p, 'y'), at(implicit, p, 'z')]).toEqual([6.5, 4, 1]);
    const explicit = buildInteractions({ users, items, weights }, { feedback: 'explicit' });
    const q = itemPopularity(explicit);
    expect([at(explicit, q, 'x'), at(explicit, q, 'y'), at(explicit, q, 'z')]).toEqual([3, 2, 1]);
    expect(trainPopular(implicit)).toEqual({ kind: 'popular', itemIds: implicit.itemIds, popularity: p });
  });

  it('halves an event\'s weight every halfLife before the latest event, and ignores halfLife without times', () => {
    const m = buildInteractions({ users, items, weights, times }, { feedback: 'implicit' });
    const p = itemPopularity(m, { halfLife: 10 });
    const w = (weight: number, t: number) => weight * 2 ** (-(40 - t) / 10);
    const want = { x: w(2, 10) + w(0.5, 30) + w(4, 40), y: w(1, 20) + w(3, 0), z: w(1, 40) };
    for (const [id, v] of Object.entries(want)) expect(p[m.itemIds.indexOf(id)]).toBeCloseTo(v, 12);
    const timeless = buildInteractions({ users, items, weights }, { feedback: 'implicit' });
    expect(itemPopularity(timeless, { halfLife: 10 })).toEqual(itemPopularity(timeless));
  });

  it.each([0, -1, Number.NaN])('refuses halfLife %f', (halfLife) => {
    const m = buildInteractions({ users, items, weights, times }, { feedback: 'implicit' });
    expect(() => itemPopularity(m, { halfLife })).toThrow(`halfLife must be above zero, not ${halfLife}.`);
    const timeless = buildInteractions({ users, items }, { feedback: 'implicit' });
    expect(() => itemPopularity(timeless, { halfLife })).toThrow(/halfLife must be above zero/);
  });
});

describe('the interactions summary of a long catalogue', () => {
  it('draws the long tail at up to 200 log-spaced ranks and gives the top 20 % share', () => {
    const g = rng(9);
    const users: string[] = [];
    const items: string[] = [];
    // 1,000 items with Zipf-like counts: item i is drawn about 1/(i + 1) as often.
    for (let u = 0; u < 3000; u++) {
      for (let k = 0; k < 5; k++) {
        users.push(`u${u}`);
        items.push(`i${Math.floor(Math.exp(g.next() * Math.log(1000))) - 1}`);
      }
    }
    const m = buildInteractions({ users, items }, { feedback: 'implicit', extraItems: Array.from({ length: 1000 }, (_, i) => `i${i}`) });
    const s = summarize(m);
    const counts = m.itemIds.map((_, i) => m.byItem.indptr[i + 1]! - m.byItem.indptr[i]!).sort((a, b) => b - a);
    const total = m.byUser.indices.length;
    expect(s.items).toBe(1000);
    const ranks = s.popularity.map((p) => p.rank);
    expect(ranks[0]).toBe(1);
    expect(ranks.at(-1)).toBe(1000);
    expect(ranks.length).toBe(131);
    expect(ranks.length).toBeLessThanOrEqual(200);
    for (let k = 1; k < ranks.length; k++) expect(ranks[k]).toBeGreaterThan(ranks[k - 1]!);
    // Log-spaced: 200 steps of 1000^(1/199) ≈ 3.5 %, so the first ranks are all there and the rest thin out.
    expect(ranks.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ranks.filter((r) => r > 500).length).toBeLessThan(25);
    for (const p of s.popularity) expect(p.interactions, `rank ${p.rank}`).toBe(counts[p.rank - 1]);
    const top = counts.slice(0, 200).reduce((a, b) => a + b, 0);
    expect(s.top20Share).toBeCloseTo(top / total, 12);
    expect(s.coldItems).toBe(counts.filter((c) => c === 0).length);
  });

  it('takes the top item as the top 20 % of a catalogue under five items', () => {
    const m = buildInteractions({ users: ['a', 'b', 'b', 'c'], items: ['x', 'x', 'y', 'x'] }, { feedback: 'implicit' });
    expect(summarize(m).top20Share).toBe(0.75);
  });
});
