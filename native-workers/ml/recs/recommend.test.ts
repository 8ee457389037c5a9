import { describe, expect, it } from 'vitest';
import { contentSimilarity, type ItemMetadata } from './content';
import { buildInteractions } from './interactions';
import { knnSimilarity } from './itemknn';
import { checkParams, isColdStart, recommend, RecommendScratch, trainModel, type RecsModel, type RecsModelKind } from './model';
import { plantedInteractions } from './planted';
import { queryOf, type UserQuery } from './query';

const planted = plantedInteractions({ users: 120, items: 36, groups: 3, perUser: 7, noise: 0.1, seed: 13 });
// "cold" has metadata but no interactions: the hybrid explains it by content.
const matrix = buildInteractions({ users: planted.users, items: planted.items }, { feedback: 'implicit', extraItems: ['cold'] });
const metadata: ItemMetadata = {
  keys: [...matrix.itemIds],
  columns: [{ name: 'group', kind: 'categorical', values: matrix.itemIds.map((id) => (id === 'cold' ? 'g0' : `g${planted.groupOf(id)}`)) }],
};
const kinds = ['itemknn', 'als', 'bpr', 'content', 'hybrid'] as const;
const models = new Map<RecsModelKind, RecsModel>();
for (const kind of ['popular', ...kinds] as const) {
  models.set(kind, await trainModel(kind, matrix, kind === 'als' || kind === 'hybrid' || kind === 'bpr' ? { factors: 4, iterations: 3 } : {}, 2, metadata));
}
const model = (kind: RecsModelKind): RecsModel => models.get(kind)!;

function cosine(y: Float64Array, f: number, a: number, b: number): number {
  let s = 0, na = 0, nb = 0;
  for (let k = 0; k < f; k++) {
    s += y[a * f + k]! * y[b * f + k]!;
    na += y[a * f + k]! ** 2;
    nb += y[b * f + k]! ** 2;
  }
  return na > 0 && nb > 0 ? s / Math.sqrt(na * nb) : 0;
}

/** How much history item h speaks for j, written out per model. */
function influence(m: RecsModel, h: number, j: number): number {
  if (m.kind === 'itemknn') return knnSimilarity(m, h, j);
  if (m.kind === 'content') return contentSimilarity(m, h, j);
  if (m.kind === 'als' || m.kind === 'bpr') return cosine(m.itemFactors, m.factors, h, j);
  if (m.kind === 'hybrid') return m.popularity[j]! > 0 ? cosine(m.collaborative.itemFactors, m.collaborative.factors, h, j) : contentSimilarity(m.content, h, j);
  return 0;
}

/** The reasons by brute force: history items by weight × influence (positive only), strongest first, ties to the lower index. */
function reasons(m: RecsModel, q: UserQuery, j: number, limit: number): number[] {
  return Array.from(q.items, (h, at) => ({ h, v: q.weights[at]! * influence(m, h, j) }))
    .filter((x) => x.v > 0)
    .sort((a, b) => b.v - a.v || a.h - b.h)
    .slice(0, limit)
    .map((x) => x.h);
}

describe('recommend', () => {
  it.each(kinds)('%s: each item names the history items that speak most for it', (kind) => {
    const m = model(kind);
    let named = 0;
    for (const u of [0, 11, 42, 77]) {
      const q = queryOf(matrix.byUser, u);
      // Weights that differ, so the order by weight × influence is not the order by influence alone.
      const weighted: UserQuery = { ...q, weights: Float64Array.from(q.weights, (_, k) => 1 + ((k * 7) % 5)) };
      for (const limit of [1, 3, 10]) {
        const r = recommend(m, weighted, 8, { reasons: limit });
        expect(r.coldStart).toBe(false);
        expect(r.items).toHaveLength(8);
        for (const x of r.items) {
          expect(x.reason).toBe('history');
          expect(x.because, `${kind} user ${u} item ${x.item}`).toEqual(reasons(m, weighted, x.item, limit));
          named += x.because.length;
        }
      }
      expect(recommend(m, weighted, 8).items.map((x) => x.because)).toEqual(recommend(m, weighted, 8, { reasons: 3 }).items.map((x) => x.because));
    }
    expect(named).toBeGreaterThan(50);
  });

  it('breaks ties between equally strong reasons by the lower index, whatever the history\'s order', () => {
    // Items of one group have the same content vector, so each speaks equally for any item; a live history keeps
    // arrival order, not index order.
    const m = model('content');
    const group = matrix.itemIds.map((id, i) => (id !== 'cold' && planted.groupOf(id) === 1 ? i : -1)).filter((i) => i >= 0);
    const q: UserQuery = { user: null, items: Int32Array.from(group.slice(0, 5).reverse()), weights: new Float64Array(5).fill(1) };
    const r = recommend(m, q, 3);
    for (const x of r.items) expect(x.because).toEqual(group.slice(0, 3));
  });

  it('hybrid explains an item nobody had by content', () => {
    const m = model('hybrid');
    const cold = matrix.itemIds.indexOf('cold');
    const groupZero = matrix.itemIds.map((id, i) => (id !== 'cold' && planted.groupOf(id) === 0 ? i : -1)).filter((i) => i >= 0);
    const q: UserQuery = { user: null, items: Int32Array.from(groupZero.slice(0, 4)), weights: Float64Array.from([1, 2, 3, 4]) };
    const r = recommend(m, q, 40, { candidates: Int32Array.of(cold) });
    expect(r.items.map((x) => x.item)).toEqual([cold]);
    expect(r.items[0]!.because).toEqual(reasons(m, q, cold, 3));
    expect(r.items[0]!.because.length).toBe(3);
  });

  it('answers a cold user with popularity and no reasons; popularity itself never gives reasons', () => {
    const none: UserQuery = { user: null, items: new Int32Array(0), weights: new Float64Array(0) };
    for (const kind of ['itemknn', 'content', 'hybrid', 'als', 'bpr'] as const) {
      const r = recommend(model(kind), none, 5);
      expect(r.coldStart, kind).toBe(true);
      const byPopularity = Array.from(model(kind).popularity.keys()).sort((a, b) => model(kind).popularity[b]! - model(kind).popularity[a]! || a - b);
      expect(r.items.map((x) => x.item), kind).toEqual(byPopularity.slice(0, 5));
      expect(r.items.every((x) => x.reason === 'popular' && x.because.length === 0), kind).toBe(true);
    }
    const p = recommend(model('popular'), queryOf(matrix.byUser, 3), 5);
    expect(p.coldStart).toBe(false);
    expect(p.items.every((x) => x.reason === 'popular' && x.because.length === 0)).toBe(true);
  });

  it('knows which users are cold: none for popularity, no history unless a factor model trained them', () => {
    const empty = (user: number | null): UserQuery => ({ user, items: new Int32Array(0), weights: new Float64Array(0) });
    expect(isColdStart(model('popular'), empty(null))).toBe(false);
    for (const kind of ['als', 'bpr'] as const) {
      expect(isColdStart(model(kind), empty(0)), kind).toBe(false);
      expect(isColdStart(model(kind), empty(matrix.userIds.length - 1)), kind).toBe(false);
      expect(isColdStart(model(kind), empty(matrix.userIds.length)), kind).toBe(true);
      expect(isColdStart(model(kind), empty(null)), kind).toBe(true);
    }
    for (const kind of ['itemknn', 'content', 'hybrid'] as const) expect(isColdStart(model(kind), empty(0)), kind).toBe(true);
    for (const kind of kinds) expect(isColdStart(model(kind), queryOf(matrix.byUser, 0)), kind).toBe(false);
    // A trained ALS user with no history given is answered from their stored factors, not popularity.
    const r = recommend(model('als'), empty(4), 5);
    expect(r.coldStart).toBe(false);
    expect(r.items.every((x) => x.reason === 'history')).toBe(true);
  });

  it.each(['itemknn', 'als', 'bpr'] as const)('%s: leaves out seen and excluded items, ranks only candidates, and answers the same with a scratch', (kind) => {
    const m = model(kind);
    const q = queryOf(matrix.byUser, 9);
    const seen = new Set(q.items);
    const all = recommend(m, q, 37, { excludeSeen: false });
    expect(all.items.length).toBeGreaterThanOrEqual(q.items.length);
    const unseen = recommend(m, q, 37);
    expect(unseen.items.map((x) => x.item)).toEqual(all.items.map((x) => x.item).filter((i) => !seen.has(i)));
    const exclude = Int32Array.from(unseen.items.slice(0, 3).map((x) => x.item));
    const excluded = recommend(m, q, 5, { exclude });
    expect(excluded.items.map((x) => x.item)).toEqual(unseen.items.slice(3, 8).map((x) => x.item));
    // exclude applies with excludeSeen off too.
    expect(recommend(m, q, 37, { excludeSeen: false, exclude }).items.map((x) => x.item)).toEqual(all.items.map((x) => x.item).filter((i) => !exclude.includes(i)));
    const candidates = Int32Array.from([...q.items, ...unseen.items.slice(5, 9).map((x) => x.item)]);
    expect(recommend(m, q, 10, { candidates }).items.map((x) => x.item)).toEqual(unseen.items.slice(5, 9).map((x) => x.item));
    const scratch = new RecommendScratch(matrix.itemIds.length);
    for (let k = 0; k < 2; k++) expect(recommend(m, q, 10, { scratch, exclude })).toEqual(recommend(m, q, 10, { exclude }));
    expect(Array.from(scratch.seen).every((v) => v === 0)).toBe(true);
    // A scratch of another catalogue's size is not used.
    const wrong = new RecommendScratch(3);
    expect(recommend(m, q, 10, { scratch: wrong })).toEqual(recommend(m, q, 10));
    expect(Array.from(wrong.scores)).toEqual([0, 0, 0]);
  });

  it('trains each model with the parameters and seed it is given', async () => {
    for (const kind of ['als', 'bpr', 'hybrid'] as const) {
      const a = await trainModel(kind, matrix, { factors: 3, iterations: 2 }, 5, metadata);
      const b = await trainModel(kind, matrix, { factors: 3, iterations: 2 }, 6, metadata);
      const factorsOf = (m: RecsModel) => (m.kind === 'hybrid' ? m.collaborative : (m as Extract<RecsModel, { kind: 'als' | 'bpr' }>));
      expect(factorsOf(a).factors, kind).toBe(3);
      expect(Array.from(factorsOf(a).itemFactors), kind).not.toEqual(Array.from(factorsOf(b).itemFactors));
    }
    expect(() => checkParams('als', { factors: Number.NaN })).toThrow('Parameter factors must be a number, not NaN.');
    expect(() => checkParams('content', { factors: 3 })).toThrow('content takes no parameter "factors"; it takes none.');
    await expect(trainModel('hybrid', matrix, {}, 0, null)).rejects.toThrow('The hybrid model needs an item-metadata dataset (--items DATASET --item-key COL).');
    await expect(trainModel('content', matrix, {}, 0, null)).rejects.toThrow('The content model needs an item-metadata dataset');
  });
});
