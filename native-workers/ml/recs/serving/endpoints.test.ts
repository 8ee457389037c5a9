import { beforeEach, describe, expect, it } from 'vitest';
import { buildInteractions } from '../interactions';
import { trainModel } from '../model';
import { plantedInteractions } from '../planted';
import { inCandidateArm, wilson } from './ab';
import { RecsEndpoints, type EndpointOptions, type RecsArm } from './endpoints';
import { LiveRecommender } from './live';

const planted = plantedInteractions({ users: 120, items: 40, groups: 4, perUser: 8, noise: 0.05, seed: 3 });
const matrix = buildInteractions({ users: planted.users, items: planted.items, times: planted.times }, { feedback: 'implicit' });
const model = await trainModel('itemknn', matrix, {}, 1, null);
const item = matrix.itemIds[0]!;

const arm = (name: string, version: number): RecsArm => ({ model: name, version, live: new LiveRecommender({ model, userIds: matrix.userIds, history: matrix.byUser }) });

let ids = 0;
const options = (more: Partial<EndpointOptions> = {}): EndpointOptions => ({ newId: () => `r${++ids}`, ...more });
beforeEach(() => {
  ids = 0;
});

/** Users split by the 50 % arm rule: the first few in each arm. */
const candidates = Array.from({ length: 400 }, (_, i) => `v${i}`).filter((u) => inCandidateArm(u, 50)).slice(0, 3);
const primaries = Array.from({ length: 400 }, (_, i) => `v${i}`).filter((u) => !inCandidateArm(u, 50)).slice(0, 3);

describe('RecsEndpoints', () => {
  it('answers /recommend with a new id, the arm that served it, and counts it shown for that arm', () => {
    const e = new RecsEndpoints(arm('knn', 1), null, 50, options());
    const a = e.recommend('{"user": "newcomer", "k": 3}');
    expect(a.status).toBe(200);
    expect(a.arm?.model).toBe('knn');
    expect(a.body).toMatchObject({ id: 'r1', model: 'knn', version: 1, user: 'newcomer', coldStart: true });
    expect((a.body['items'] as unknown[]).length).toBe(3);
    e.recommend('{"user": "newcomer"}');
    expect(e.stats().arms).toEqual([expect.objectContaining({ model: 'knn', version: 1, role: 'primary', shown: 2, clicked: 0, converted: 0 })]);
    expect(e.stats().test).toBeNull();
  });

  it('refuses a bad body with its status and counts nothing', () => {
    const e = new RecsEndpoints(arm('knn', 1), null, 0, options());
    expect(e.recommend('{"user": ""}')).toMatchObject({ status: 400, arm: null, body: { error: expect.stringMatching(/"user" must be/), details: [] } });
    expect(e.events('{"events": []}')).toMatchObject({ status: 400, stored: [], body: { error: expect.stringMatching(/"events"/) } });
    expect(e.feedback('{"id": "r1"}')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/"event"/) } });
    expect(e.stats().arms[0]!.shown).toBe(0);
    expect(ids).toBe(0);
  });

  it('without a candidate every user is the primary arm, whatever the percent', () => {
    const e = new RecsEndpoints(arm('a', 1), null, 100, options());
    for (const u of [...candidates, ...primaries]) expect(e.armOf(u).model).toBe('a');
    e.setArms(arm('a', 2), null, 100);
    for (const u of candidates) expect(e.armOf(u).version).toBe(2);
  });

  it('splits users between two arms by the user rule and counts each arm apart', () => {
    const e = new RecsEndpoints(arm('a', 1), arm('b', 1), 50, options());
    for (const u of candidates) expect(e.recommend(JSON.stringify({ user: u })).arm?.model).toBe('b');
    for (const u of primaries.slice(0, 2)) expect(e.recommend(JSON.stringify({ user: u })).arm?.model).toBe('a');
    expect(e.feedback('{"feedback": [{"id": "r1", "event": "click"}, {"id": "r4", "event": "click"}, {"id": "r4", "event": "conversion"}]}').body).toEqual({ received: 3, clicks: 2, conversions: 1 });
    const [p, c] = e.stats().arms;
    expect(p).toMatchObject({ model: 'a', role: 'primary', shown: 2, clicked: 1, ctr: 0.5, converted: 1, conversionRate: 0.5, ci95: wilson(1, 2) });
    expect(c).toMatchObject({ model: 'b', role: 'candidate', shown: 3, clicked: 1, converted: 0, conversionRate: 0 });
    expect(e.stats().test).not.toBeNull();
    // A new split: the percent moves users, and 0 % sends them all to the primary.
    e.setArms(e.armOf(primaries[0]!), e.armOf(candidates[0]!), 0);
    for (const u of candidates) expect(e.armOf(u).model).toBe('a');
    e.setArms(arm('a', 1), arm('b', 1), 100);
    for (const u of primaries) expect(e.armOf(u).model).toBe('b');
    // Counts are kept by model and version across the swap.
    expect(e.stats().arms.map((x) => x.shown)).toEqual([2, 3]);
  });

  it('feeds an event to both arms, stores it once for the user\'s arm, and counts a click on a served list once', () => {
    const a = arm('a', 1);
    const b = arm('b', 1);
    const e = new RecsEndpoints(a, b, 50, options());
    const served = e.recommend(JSON.stringify({ user: candidates[0] })).body['id'];
    const out = e.events(JSON.stringify({
      events: [
        { user: candidates[0], item, recommendation_id: served },
        { user: candidates[0], item: 'never-trained', weight: 2, recommendation_id: served },
        { user: primaries[0], item: 'never-trained' },
        { user: primaries[0], item, recommendation_id: 'nobody-served-this' },
      ],
    }));
    expect(out.status).toBe(200);
    expect(out.body).toEqual({
      received: 4,
      applied: 2,
      // primaries[0] is still new at its second event: an unknown item does not make a user known.
      newUsers: 3,
      clicks: 1,
      unknownItems: ['never-trained'],
      note: expect.stringMatching(/kept for the next retraining/),
      unknownRecommendations: 1,
    });
    expect(out.stored).toEqual([
      { user: candidates[0], item, weight: 1, recommendationId: served, knownItem: true },
      { user: candidates[0], item: 'never-trained', weight: 2, recommendationId: served, knownItem: false },
      { user: primaries[0], item: 'never-trained', weight: 1, knownItem: false },
      { user: primaries[0], item, weight: 1, recommendationId: 'nobody-served-this', knownItem: true },
    ]);
    // Both arms learnt both users' known item.
    for (const r of [a, b]) {
      expect(r.live.history(candidates[0]!)).toEqual([{ item, weight: 1 }]);
      expect(r.live.history(primaries[0]!)).toEqual([{ item, weight: 1 }]);
    }
    expect(e.stats().arms.map((x) => x.clicked)).toEqual([0, 1]);
    // A plain event with nothing unknown says nothing of unknown items or ids.
    expect(e.events(JSON.stringify({ user: primaries[1], item })).body).toEqual({ received: 1, applied: 1, newUsers: 1, clicks: 0 });
  });

  it('counts a list once per event, names unknown ids, and answers 404 when no id is known', () => {
    const e = new RecsEndpoints(arm('a', 1), null, 0, options());
    e.recommend('{"user": "x"}');
    expect(e.feedback('{"id": "r1", "event": "click"}')).toEqual({ status: 200, body: { received: 1, clicks: 1, conversions: 0 } });
    expect(e.feedback('{"feedback": [{"id": "r1", "event": "click"}, {"id": "r1", "event": "conversion"}, {"id": "r1", "event": "conversion"}, {"id": "gone", "event": "click"}]}')).toEqual({
      status: 200,
      body: { received: 4, clicks: 0, conversions: 1, alreadyCounted: 2, unknownIds: ['gone'] },
    });
    const lost = e.feedback('{"feedback": [{"id": "p", "event": "click"}, {"id": "q", "event": "click"}]}');
    expect(lost.status).toBe(404);
    expect(lost.body['error']).toBe('No list was served with id "p", "q": send the "id" of a /recommend answer (the last 200,000 are remembered).');
    expect(e.stats().arms[0]).toMatchObject({ shown: 1, clicked: 1, converted: 1 });
  });

  it('forgets the oldest served ids past rememberIds', () => {
    const e = new RecsEndpoints(arm('a', 1), null, 0, options({ rememberIds: 2 }));
    for (let i = 0; i < 3; i++) e.recommend('{"user": "x"}');
    const forgotten = e.feedback('{"id": "r1", "event": "click"}');
    expect(forgotten.status).toBe(404);
    expect(forgotten.body['error']).toMatch(/the last 2 are remembered/);
    expect(e.feedback('{"feedback": [{"id": "r2", "event": "click"}, {"id": "r3", "event": "click"}]}').body).toEqual({ received: 2, clicks: 2, conversions: 0 });
  });
});
