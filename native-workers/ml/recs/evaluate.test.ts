import { describe, expect, it } from 'vitest';
import { RecsInputError } from './errors';
import { evaluate, evaluationUsers } from './evaluate';
import { holdout, type Holdout } from './holdout';
import { buildInteractions } from './interactions';
import { rankingMetrics } from './metrics';
import { scoreInto, trainModel, type RecsModel, type RecsModelKind } from './model';
import { plantedInteractions } from './planted';
import { queryOf } from './query';

const planted = plantedInteractions({ users: 700, items: 60, groups: 3, perUser: 6, noise: 0.1, seed: 11 });
// Users with one interaction are never held out: two of them, so "users with held-out items" is not everyone.
const matrix = buildInteractions(
  { users: [...planted.users, 'single-a', 'single-b'], items: [...planted.items, 'i1', 'i2'], times: [...planted.times, 1, 2] },
  { feedback: 'implicit' },
);
const split = holdout(matrix, { kind: 'last', n: 2 }, 0);

/**
 * The evaluation by brute force: every held-out user's unseen items sorted by the model's score,
 * ties to the lower index; an item's share is its training users
 * over the users with any training interaction.
 */
function bruteForce(model: RecsModel, h: Holdout, k: number, kmax: number, users: readonly number[]) {
  const items = h.train.itemIds.length;
  const trainUsers = new Set<number>();
  const usersOf = Array.from({ length: items }, () => new Set<number>());
  for (let u = 0; u < h.train.byUser.rows; u++) {
    for (let p = h.train.byUser.indptr[u]!; p < h.train.byUser.indptr[u + 1]!; p++) {
      trainUsers.add(u);
      usersOf[h.train.byUser.indices[p]!]!.add(u);
    }
  }
  const share = Float64Array.from(usersOf, (s) => s.size / trainUsers.size);
  const lists: Int32Array[] = [];
  const relevant: Int32Array[] = [];
  for (const u of users) {
    const q = queryOf(h.train.byUser, u);
    expect(q.items.length).toBeGreaterThan(0);
    const scores = new Float64Array(items);
    scoreInto(model, q, scores);
    const seen = new Set(q.items);
    const order = Array.from({ length: items }, (_, i) => i).filter((i) => !seen.has(i) && scores[i]! > -Infinity);
    order.sort((a, b) => scores[b]! - scores[a]! || a - b);
    lists.push(Int32Array.from(order.slice(0, kmax)));
    relevant.push(h.test.indices.slice(h.test.indptr[u]!, h.test.indptr[u + 1]!));
  }
  const curve = Array.from({ length: kmax }, (_, i) => ({ k: i + 1, ...rankingMetrics(lists, relevant, i + 1, share, items) }));
  return { k, users: users.length, metrics: curve[k - 1]!, curve };
}

const heldOut = (h: Holdout): number[] => Array.from({ length: h.test.rows }, (_, u) => u).filter((u) => h.test.indptr[u + 1]! > h.test.indptr[u]!);

describe('evaluate', () => {
  it.each(['popular', 'itemknn', 'als'] as RecsModelKind[])('%s: ranks each held-out user\'s unseen items and scores them against what was held out', async (kind) => {
    const model = await trainModel(kind, split.train, kind === 'als' ? { factors: 6, iterations: 4 } : {}, 1, null);
    const users = heldOut(split);
    expect(users.length).toBe(700);
    expect(users.length).toBe(split.users);
    const got = await evaluate(model, split, { k: 5 });
    const want = bruteForce(model, split, 5, 20, users);
    expect(got.users).toBe(700);
    expect(got.curve.map((c) => c.k)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (let i = 0; i < 20; i++) for (const [m, v] of Object.entries(want.curve[i]!)) expect(got.curve[i]![m as 'ndcg'], `${m}@${i + 1}`).toBeCloseTo(v, 12);
    expect(got.metrics).toEqual(got.curve[4]);
    expect(got.k).toBe(5);
    // The lists are real rankings: a model that learnt the groups finds some held-out items.
    expect(got.metrics.hitRate).toBeGreaterThan(0);
  });

  it('draws the curve to max(K, curveTo), 20 by default', async () => {
    const model = await trainModel('popular', split.train, {}, 1, null);
    expect((await evaluate(model, split, { k: 5, curveTo: 8 })).curve).toHaveLength(8);
    expect((await evaluate(model, split, { k: 30 })).curve).toHaveLength(30);
    expect((await evaluate(model, split, { k: 30, curveTo: 10 })).curve).toHaveLength(30);
    const r = await evaluate(model, split, { k: 1, curveTo: 2 });
    expect(r.curve).toHaveLength(2);
    expect(r.metrics).toEqual(r.curve[0]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses K = %f', async (k) => {
    const model = await trainModel('popular', split.train, {}, 1, null);
    await expect(evaluate(model, split, { k })).rejects.toThrow(new RecsInputError(`K must be a whole number of at least 1, not ${k}.`));
  });

  it('samples maxUsers of the held-out users by seed, in index order', async () => {
    const all = heldOut(split);
    expect(Array.from(evaluationUsers(split, undefined, 0))).toEqual(all);
    expect(Array.from(evaluationUsers(split, 700, 0))).toEqual(all);
    const a = Array.from(evaluationUsers(split, 100, 1));
    expect(a).toHaveLength(100);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(100);
    for (const u of a) expect(all).toContain(u);
    expect(Array.from(evaluationUsers(split, 100, 1))).toEqual(a);
    expect(Array.from(evaluationUsers(split, 100, 2))).not.toEqual(a);
    const model = await trainModel('popular', split.train, {}, 1, null);
    const sampled = await evaluate(model, split, { k: 5, maxUsers: 100, seed: 1 });
    expect(sampled.users).toBe(100);
    const want = bruteForce(model, split, 5, 20, a);
    for (const [m, v] of Object.entries(want.metrics)) expect(sampled.metrics[m as 'ndcg'], m).toBeCloseTo(v, 12);
    // Seed 0 by default.
    expect((await evaluate(model, split, { k: 5, maxUsers: 100 })).metrics).toEqual((await evaluate(model, split, { k: 5, maxUsers: 100, seed: 0 })).metrics);
  });

  it('reports progress every 256 users', async () => {
    const model = await trainModel('popular', split.train, {}, 1, null);
    const steps: [number, number, string][] = [];
    await evaluate(model, split, { k: 5 }, (done, total, detail) => {
      steps.push([done, total, detail]);
      return Promise.resolve();
    });
    expect(steps).toEqual([
      [256, 700, '256 of 700 users ranked'],
      [512, 700, '512 of 700 users ranked'],
    ]);
  });
});
