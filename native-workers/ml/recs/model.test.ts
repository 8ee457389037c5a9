import { describe, expect, it } from 'vitest';
import { buildInteractions, type InteractionMatrix } from './interactions';
import { evaluate } from './evaluate';
import { holdout } from './holdout';
import { recommend, trainModel, type RecsModel, type RecsModelKind } from './model';
import { plantedInteractions } from './planted';
import { queryOf } from './query';
import { modelFromParts, modelParts, arrayBytes, arrayFromBytes, dtypeOf } from './serialize';
import type { ItemMetadata } from './content';
import { topK } from './topk';

const planted = plantedInteractions({ users: 300, items: 120, groups: 4, perUser: 12, noise: 0.1, seed: 3 });
const matrix = buildInteractions({ users: planted.users, items: planted.items, times: planted.times }, { feedback: 'implicit', extraItems: ['i999'] });
// Item metadata: the item's group as a category and a description naming it; i999 has no interactions but belongs to group 3.
const metadata: ItemMetadata = {
  keys: [...matrix.itemIds],
  columns: [
    { name: 'genre', kind: 'categorical', values: matrix.itemIds.map((id) => `g${id === 'i999' ? 3 : planted.groupOf(id)}`) },
    { name: 'blurb', kind: 'text', values: matrix.itemIds.map((id) => `A ${['red', 'green', 'blue', 'gold'][id === 'i999' ? 3 : planted.groupOf(id)]} thing`) },
  ],
};

async function train(kind: RecsModelKind, m: InteractionMatrix = matrix, params = {}): Promise<RecsModel> {
  return trainModel(kind, m, params, 7, kind === 'content' || kind === 'hybrid' ? metadata : null);
}

describe('models on planted structure', () => {
  const split = holdout(matrix, { kind: 'last', n: 2 }, 0);

  it('every collaborative and content model beats popularity by far on NDCG@10', async () => {
    const ndcg = async (kind: RecsModelKind, params = {}): Promise<number> => (await evaluate(await train(kind, split.train, params), split, { k: 10 })).metrics.ndcg;
    const popular = await ndcg('popular');
    for (const kind of ['itemknn', 'als', 'bpr', 'content', 'hybrid'] as const) {
      const score = await ndcg(kind, kind === 'als' || kind === 'hybrid' ? { factors: 8, iterations: 8 } : {});
      expect(score, kind).toBeGreaterThan(popular * 1.5);
    }
  });

  it('is deterministic: the same seed gives the same model', async () => {
    for (const kind of ['als', 'bpr', 'itemknn'] as const) expect(modelParts(await train(kind, matrix, kind === 'itemknn' ? {} : { factors: 8 })), kind).toEqual(modelParts(await train(kind, matrix, kind === 'itemknn' ? {} : { factors: 8 })));
  });

  it('explains item-kNN recommendations by the neighbour items in the history', async () => {
    const model = await train('itemknn');
    const q = queryOf(matrix.byUser, 1);
    const out = recommend(model, q, 5);
    expect(out.coldStart).toBe(false);
    expect(out.items).toHaveLength(5);
    for (const r of out.items) {
      expect(r.reason).toBe('history');
      expect(r.because.length).toBeGreaterThan(0);
      for (const h of r.because) expect([...q.items]).toContain(h);
      expect([...q.items]).not.toContain(r.item);
    }
    // Recommendations stay in the user's group (user 1 is group 1).
    const inGroup = out.items.filter((r) => planted.groupOf(matrix.itemIds[r.item]!) === 1).length;
    expect(inGroup).toBeGreaterThanOrEqual(4);
  });

  it('answers a user with no history with popular items, flagged cold-start', async () => {
    const model = await train('als', matrix, { factors: 4, iterations: 2 });
    const out = recommend(model, { user: null, items: new Int32Array(0), weights: new Float64Array(0) }, 3);
    expect(out.coldStart).toBe(true);
    const popular = topK(model.popularity, 3).items;
    expect(out.items.map((r) => r.item)).toEqual([...popular]);
    expect(out.items.every((r) => r.reason === 'popular' && r.because.length === 0)).toBe(true);
  });

  it('gives an empty answer, not an error, when a filter leaves nothing', async () => {
    const model = await train('itemknn');
    const q = queryOf(matrix.byUser, 0);
    expect(recommend(model, q, 5, { candidates: q.items }).items).toEqual([]);
  });

  it('hybrid recommends an item nobody has interacted with from its content', async () => {
    const cold = matrix.itemIds.indexOf('i999');
    const hybrid = await train('hybrid', matrix, { factors: 8, iterations: 5 });
    const als = await train('als', matrix, { factors: 8, iterations: 5 });
    // A new user (not in training) with two group-3 items.
    const history = Int32Array.from(['i3', 'i7'].map((id) => matrix.itemIds.indexOf(id)));
    const q = { user: null, items: history, weights: Float64Array.of(1, 1) };
    const rank = (m: RecsModel): number => recommend(m, q, matrix.itemIds.length).items.findIndex((r) => r.item === cold);
    // Among the user's group (30 items with history, each of which also has ALS behind it), where ALS alone ranks it far down.
    expect(rank(hybrid)).toBeLessThan(20);
    expect(rank(als)).toBeGreaterThan(3 * rank(hybrid));
  });

  it('round-trips through JSON and bytes and recommends the same', async () => {
    for (const kind of ['popular', 'itemknn', 'als', 'bpr', 'content', 'hybrid'] as const) {
      const model = await train(kind, matrix, kind === 'als' || kind === 'hybrid' || kind === 'bpr' ? { factors: 4, iterations: 2 } : {});
      const parts = modelParts(model);
      const meta = JSON.parse(JSON.stringify(parts.meta)) as unknown;
      const arrays = new Map([...parts.arrays].map(([name, a]) => [name, arrayFromBytes(dtypeOf(a), arrayBytes(a).slice())]));
      const back = modelFromParts(meta, arrays);
      const q = queryOf(matrix.byUser, 5);
      expect(recommend(back, q, 10), kind).toEqual(recommend(model, q, 10));
    }
  });

  it('refuses a parameter the model does not take, naming the ones it does', async () => {
    await expect(train('als', matrix, { neighbors: 5 })).rejects.toThrow(/als takes no parameter "neighbors"; it takes factors, iterations/);
    await expect(trainModel('content', matrix, {}, 0, null)).rejects.toThrow(/needs an item-metadata dataset/);
  });

  it('decays popularity by age when asked', async () => {
    const m = buildInteractions({ users: ['a', 'b', 'c'], items: ['old', 'old', 'new'], times: ['2024-01-01', '2024-01-01', '2024-03-01'] }, { feedback: 'implicit' });
    const plain = await trainModel('popular', m, {}, 0, null);
    const decayed = await trainModel('popular', m, { halfLife: 10 }, 0, null);
    expect([...plain.popularity]).toEqual([2, 1]);
    expect(decayed.popularity[0]).toBeCloseTo(2 * 0.5 ** 6, 12);
    expect(decayed.popularity[1]).toBe(1);
  });
});

describe('top K', () => {
  it('ranks by score, ties to the lower index, skipping what it is told to', () => {
    const r = topK(Float64Array.of(1, 3, 3, 2, NaN, 3), 3, Uint8Array.of(0, 0, 0, 0, 0, 1));
    expect([...r.items]).toEqual([1, 2, 3]);
    expect([...r.scores]).toEqual([3, 3, 2]);
  });
});
