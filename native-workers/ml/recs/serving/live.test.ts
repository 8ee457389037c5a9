import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../interactions';
import { trainModel, type RecsModelKind } from '../model';
import { plantedInteractions } from '../planted';
import { foldIn, type AlsModel } from '../als';
import type { RecsArtifact } from '../serialize';
import { LiveRecommender } from './live';

const planted = plantedInteractions({ users: 200, items: 80, groups: 4, perUser: 10, noise: 0.05, seed: 5 });
const matrix = buildInteractions({ users: planted.users, items: planted.items, times: planted.times }, { feedback: 'implicit' });

async function live(kind: RecsModelKind): Promise<LiveRecommender> {
  const model = await trainModel(kind, matrix, kind === 'als' ? { factors: 8, iterations: 8 } : {}, 1, null);
  const artifact: RecsArtifact = { model, userIds: matrix.userIds, history: matrix.byUser };
  return new LiveRecommender(artifact);
}

const groupItems = (g: number): string[] => matrix.itemIds.filter((id) => planted.groupOf(id) === g);

describe('LiveRecommender', () => {
  it.each(['als', 'itemknn'] as const)('%s: a new user is cold (popular, flagged) until an event, then recommended from it', async (kind) => {
    const r = await live(kind);
    const before = r.recommend({ user: 'newcomer', k: 5, excludeSeen: true });
    expect(before.coldStart).toBe(true);
    expect(before.note).toMatch(/Unknown user/);
    expect(before.items.every((x) => x.reason === 'popular')).toBe(true);
    const seed = groupItems(2).slice(0, 3);
    for (const item of seed) expect(r.event({ user: 'newcomer', item }).applied).toBe(true);
    const after = r.recommend({ user: 'newcomer', k: 5, excludeSeen: true });
    expect(after.coldStart).toBe(false);
    expect(after.items.map((x) => x.item)).not.toEqual(before.items.map((x) => x.item));
    // Planted structure: the new user's items are group 2, so most recommendations are too.
    expect(after.items.filter((x) => planted.groupOf(x.item) === 2).length).toBeGreaterThanOrEqual(4);
    for (const x of after.items) {
      expect(seed).not.toContain(x.item);
      for (const b of x.because) expect(seed).toContain(b);
    }
  });

  it('folds a known ALS user in exactly: the score is the fold-in vector of the whole history times the item factors', async () => {
    const r = await live('als');
    const m = r.model as AlsModel;
    const user = matrix.userIds[7]!;
    const extra = groupItems(0).find((id) => !r.history(user).some((h) => h.item === id))!;
    r.event({ user, item: extra, weight: 2 });
    const h = r.history(user);
    const idx = new Map(m.itemIds.map((id, j) => [id, j]));
    const x = foldIn(m, Int32Array.from(h.map((e) => idx.get(e.item)!)), Float64Array.from(h.map((e) => e.weight)));
    const top = r.recommend({ user, k: 3, excludeSeen: true }).items[0]!;
    const j = idx.get(top.item)!;
    let s = 0;
    for (let f = 0; f < m.factors; f++) s += x[f]! * m.itemFactors[j * m.factors + f]!;
    expect(Math.abs(top.score - s)).toBeLessThan(1e-12);
    expect(h.find((e) => e.item === extra)?.weight).toBe(2);
  });

  it('adds duplicate events up, keeps unknown items out, and answers an empty list after filters with a note', async () => {
    const r = await live('itemknn');
    const item = groupItems(1)[0]!;
    r.event({ user: 'dup', item });
    r.event({ user: 'dup', item, weight: 2 });
    expect(r.history('dup')).toEqual([{ item, weight: 3 }]);
    expect(r.event({ user: 'dup', item: 'never-seen' })).toEqual({ applied: false, newUser: false, historyItems: 1 });
    const empty = r.recommend({ user: 'dup', k: 5, excludeSeen: true, only: [item, 'never-seen'] });
    expect(empty.items).toEqual([]);
    expect(empty.note).toMatch(/Nothing is left/);
    const some = groupItems(1).slice(1, 4);
    const filtered = r.recommend({ user: 'dup', k: 10, excludeSeen: true, only: some, exclude: [some[0]!] });
    expect(filtered.items.map((x) => x.item).sort()).toEqual(some.slice(1).sort());
  });

  it('takes a repeated explicit rating as the new rating, as training keeps the latest one', async () => {
    const model = await trainModel('itemknn', matrix, {}, 1, null);
    const r = new LiveRecommender({ model, userIds: matrix.userIds, history: matrix.byUser, feedback: 'explicit' });
    const item = groupItems(1)[0]!;
    r.event({ user: 'rater', item, weight: 4 });
    r.event({ user: 'rater', item, weight: 2 });
    expect(r.history('rater')).toEqual([{ item, weight: 2 }]);
    // A known user re-rating one of their items: replaced, not added.
    const known = matrix.userIds[0]!;
    const own = r.history(known)[0]!;
    r.event({ user: known, item: own.item, weight: 5 });
    expect(r.history(known).find((h) => h.item === own.item)?.weight).toBe(5);
  });
});
