import { describe, expect, it } from 'vitest';
import golden from './fixtures/recs-golden.json';
import { cases } from '../../../main/host/testing';
import { rankingMetrics, userMetrics } from './metrics';

// Inputs and numpy's values from fixtures/make-fixtures.py.
const g = golden.metrics;
const lists = g.lists.map((l) => Int32Array.from(l));
const relevant = g.relevant.map((r) => Int32Array.from(r));

describe('ranking metrics against numpy', () => {
  it('matches each user at K = 5 to 1e-12', () => {
    cases(g.perUser, 'users').forEach((want, u) => {
      const got = userMetrics(lists[u]!, relevant[u]!, 5);
      for (const key of Object.keys(want) as (keyof typeof want)[]) expect(Math.abs(got[key] - want[key]), `user ${u} ${key}`).toBeLessThan(1e-12);
    });
  });

  it.each(cases(Object.keys(g.atK), 'K values'))('matches the means, coverage and popularity bias at K = %s to 1e-12', (k) => {
    const want = g.atK[k as keyof typeof g.atK];
    const got = rankingMetrics(lists, relevant, Number(k), Float64Array.from(g.share), g.items);
    for (const key of Object.keys(want) as (keyof typeof want)[]) expect(Math.abs(got[key] - want[key]), key).toBeLessThan(1e-12);
  });

  it('scores a perfect list as 1 and a list of misses as 0', () => {
    const rel = Int32Array.of(3, 7);
    expect(userMetrics(Int32Array.of(7, 3, 1), rel, 2)).toEqual({ precision: 1, recall: 1, ndcg: 1, ap: 1, hit: 1, rr: 1 });
    expect(userMetrics(Int32Array.of(1, 2, 4), rel, 3)).toEqual({ precision: 0, recall: 0, ndcg: 0, ap: 0, hit: 0, rr: 0 });
  });

  it('an empty list adds 0 popularity (not NaN), and no users give zeros, not NaN', () => {
    const share = Float64Array.of(0.5, 0.25, 1);
    const m = rankingMetrics([Int32Array.of(), Int32Array.of(2)], [Int32Array.of(0), Int32Array.of(2)], 1, share, 3);
    expect(m.popularityBias).toBe(0.5); // (0 + 1) / 2 users
    expect(m.precision).toBe(0.5);
    expect(m.coverage).toBe(1 / 3);
    expect(rankingMetrics([], [], 5, share, 3)).toEqual({ precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0, mrr: 0, coverage: 0, popularityBias: 0 });
  });
});
