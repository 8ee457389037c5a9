import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import golden from './fixtures/recs-golden.json';
import { buildInteractions } from './interactions';
import { knnSimilarity, scoreItemKnn, trainItemKnn } from './itemknn';
import { itemPopularity } from './popular';

// 25 users × 18 items with real weights, and numpy's cosine-with-shrinkage neighbours (fixtures/make-fixtures.py).
const g = golden.itemknn;

function goldenMatrix(): ReturnType<typeof buildInteractions> {
  return buildInteractions({ users: g.entries.map((e) => e[0]!), items: g.entries.map((e) => e[1]!), weights: g.entries.map((e) => e[2]!) }, { feedback: 'implicit' });
}

describe('item kNN against numpy', () => {
  for (const run of cases(g.runs, 'item kNN runs')) {
    it(`keeps each item's ${run.neighbours} nearest items with numpy's similarities (shrinkage ${run.shrinkage}), and scores histories as their weighted sums`, async () => {
      const m = goldenMatrix();
      // Our item indices are first-seen order; the golden's are numpy's columns (the ids).
      const ours = (id: number): number => m.itemIds.indexOf(String(id));
      const model = await trainItemKnn(m, itemPopularity(m), { neighbours: run.neighbours, shrinkage: run.shrinkage });
      expect(model.kind).toBe('itemknn');
      for (const [id, list] of cases(run.neighbourLists, 'neighbour lists').entries()) {
        const i = ours(id);
        const got: [number, number][] = [];
        for (let k = model.indptr[i]!; k < model.indptr[i + 1]!; k++) got.push([Number(m.itemIds[model.indices[k]!]), model.sims[k]!]);
        got.sort((a, b) => a[0] - b[0]);
        expect(got.map((p) => p[0]), `item ${id}`).toEqual(list.map((p) => p[0]));
        got.forEach(([, sim], k) => expect(sim, `item ${id} → ${list[k]![0]}`).toBeCloseTo(list[k]![1]!, 12));
        // Indices within a row are sorted, so a similarity is found by binary search.
        for (let k = model.indptr[i]! + 1; k < model.indptr[i + 1]!; k++) expect(model.indices[k]!).toBeGreaterThan(model.indices[k - 1]!);
        for (const [j, sim] of list) expect(knnSimilarity(model, i, ours(j!))).toBeCloseTo(sim!, 12);
      }
      // An item that is not among the neighbours: 0.
      const far = run.neighbourLists.findIndex((l) => l.length < m.itemIds.length - 1);
      const stranger = m.itemIds.findIndex((id) => Number(id) !== far && !run.neighbourLists[far]!.some((p) => p[0] === Number(id)));
      expect(knnSimilarity(model, ours(far), stranger)).toBe(0);
      for (const h of cases(run.scores, 'histories')) {
        const out = new Float64Array(m.itemIds.length).fill(7);
        scoreItemKnn(model, { user: null, items: Int32Array.from(h.items.map(ours)), weights: Float64Array.from(h.weights) }, out);
        h.scores.forEach((s, id) => expect(out[ours(id)], `score of ${id}`).toBeCloseTo(s, 12));
      }
    });
  }

  it('refuses a neighbour count that is not a whole number of at least 1, and negative shrinkage', async () => {
    const m = goldenMatrix();
    for (const neighbours of [0, 2.5, Number.NaN]) await expect(trainItemKnn(m, itemPopularity(m), { neighbours })).rejects.toThrow(`neighbours must be a whole number of at least 1, not ${neighbours}.`);
    await expect(trainItemKnn(m, itemPopularity(m), { shrinkage: -1 })).rejects.toThrow('shrinkage must be zero or more, not -1.');
    await expect(trainItemKnn(m, itemPopularity(m), { neighbours: 1, shrinkage: 0 })).resolves.toMatchObject({ neighbours: 1, shrinkage: 0 });
  });

  it('grows its neighbour arrays past their first size (2^20 entries), and reports progress every 1,024 items', async () => {
    // One user with 1,100 items: each item's 1,099 others are neighbours, 1,000 kept, 1.1M in all.
    const items = Array.from({ length: 1_100 }, (_, i) => i);
    const m = buildInteractions({ users: items.map(() => 0), items, weights: items.map(() => 1) }, { feedback: 'implicit' });
    const steps: number[] = [];
    const model = await trainItemKnn(m, itemPopularity(m), { neighbours: 1_000, shrinkage: 0 }, async (done) => void steps.push(done));
    expect(steps).toEqual([1024]);
    expect(model.indices.length).toBe(1_100_000);
    expect(model.indptr.at(-1)).toBe(1_100_000);
    // Equal similarities (1) go to the lower item: the last item keeps items 0…999.
    const last = model.indices.subarray(model.indptr[1_099]!, model.indptr[1_100]!);
    expect([last[0], last.at(-1), last.length]).toEqual([0, 999, 1_000]);
    expect(model.sims.every((s) => s === 1)).toBe(true);
  });
});
