import { describe, expect, it } from 'vitest';
import { randomFactors, scoreFactors } from './als';
import { buildInteractions } from './interactions';
import { recommend, RecommendScratch, trainModel } from './model';
import { plantedInteractions } from './planted';
import { queryOf } from './query';

describe("serving's fast path", () => {
  it('scores four items at a time bit-identically to a plain dot product, with and without a bias, for any item count', () => {
    for (const [n, f] of [[35, 64], [7, 3], [1, 5], [0, 8]] as const) {
      const u = randomFactors(1, f, 1);
      const y = randomFactors(n, f, 2);
      const bias = randomFactors(n, 1, 3);
      for (const b of [null, bias]) {
        const out = new Float64Array(n);
        scoreFactors(u, y, f, out, b);
        for (let j = 0; j < n; j++) {
          let s = b ? b[j]! : 0;
          for (let a = 0; a < f; a++) s += u[a]! * y[j * f + a]!;
          expect(out[j], `item ${j} of ${n}`).toBe(s);
        }
      }
    }
  });

  it('answers the same with reused buffers as with fresh ones, and leaves the seen mask clean', async () => {
    const planted = plantedInteractions({ users: 60, items: 40, groups: 3, perUser: 8, noise: 0.1, seed: 5 });
    const m = buildInteractions({ users: planted.users, items: planted.items }, { feedback: 'implicit' });
    const model = await trainModel('als', m, { factors: 6, iterations: 3 }, 1, null);
    const scratch = new RecommendScratch(m.itemIds.length);
    const exclude = Int32Array.of(0, 1, 2);
    for (let u = 0; u < m.userIds.length; u++) {
      const q = queryOf(m.byUser, u);
      expect(recommend(model, q, 5, { scratch, exclude })).toEqual(recommend(model, q, 5, { exclude }));
      expect(scratch.seen.every((v) => v === 0)).toBe(true);
    }
    // Excluded items never come back; seen items come back only when asked for.
    const q = queryOf(m.byUser, 0);
    const all = recommend(model, q, 40, { scratch, exclude, excludeSeen: false }).items.map((r) => r.item);
    expect(all.filter((j) => j < 3)).toEqual([]);
    expect(all).toEqual(expect.arrayContaining([...q.items].filter((j) => j >= 3)));
  });
});
