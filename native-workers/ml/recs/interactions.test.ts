import { describe, expect, it } from 'vitest';
import { buildInteractions } from './interactions';
import { summarize } from './summary';
import { holdout } from './holdout';
import { queryOf } from './query';

describe('interaction matrix', () => {
  it('indexes users and items in first-seen order and keeps both directions', () => {
    const m = buildInteractions({ users: ['a', 'b', 'a', 'c'], items: ['x', 'y', 'y', 'x'] }, { feedback: 'implicit' });
    expect(m.userIds).toEqual(['a', 'b', 'c']);
    expect(m.itemIds).toEqual(['x', 'y']);
    expect([...queryOf(m.byUser, 0).items]).toEqual([0, 1]);
    expect([...m.byItem.indices.subarray(m.byItem.indptr[0]!, m.byItem.indptr[1]!)]).toEqual([0, 2]);
  });

  it('sums duplicate implicit events and keeps the latest explicit rating', () => {
    const cols = { users: ['a', 'a', 'a', 'b'], items: ['x', 'x', 'x', 'x'], weights: [1, 2, 4, 5], times: ['2024-01-03', '2024-01-01', '2024-01-02', '2024-01-01'] };
    const implicit = buildInteractions(cols, { feedback: 'implicit' });
    expect(implicit.duplicates).toBe(2);
    expect([...implicit.byUser.data]).toEqual([7, 5]);
    const explicit = buildInteractions(cols, { feedback: 'explicit' });
    // a's latest rating is the one dated 2024-01-03 (weight 1), though it came first in the rows.
    expect([...explicit.byUser.data]).toEqual([1, 5]);
    expect(explicit.byUser.times![0]).toBe(Date.UTC(2024, 0, 3) / 86_400_000);
  });

  it('leaves out rows whose weight is not a number, saying why and with examples', () => {
    const m = buildInteractions({ users: ['a', 'b', 'c', 'd', null], items: ['x', 'y', 'x', 'x', 'y'], weights: ['2', 'lots', '', -1, 1] }, { feedback: 'implicit' });
    expect(m.byUser.indices.length).toBe(1);
    expect(m.rejected).toEqual([
      { reason: 'weight is not a number', count: 2, examples: ['lots', '(empty)'] },
      { reason: 'implicit weight is not above zero', count: 1, examples: ['-1'] },
      { reason: 'no user', count: 1, examples: ['(empty)'] },
    ]);
    expect(() => buildInteractions({ users: ['a'], items: ['x'], weights: ['n/a'] }, { feedback: 'explicit' })).toThrow(/No usable interactions.*weight is not a number \(e\.g\. n\/a\)/);
  });

  it('summarises users, items, density and the long tail', () => {
    const m = buildInteractions({ users: ['a', 'a', 'b', 'c', 'c', 'c'], items: ['x', 'y', 'x', 'x', 'y', 'z'] }, { feedback: 'implicit', extraItems: ['w'] });
    const s = summarize(m);
    expect(s).toMatchObject({ users: 3, items: 4, interactions: 6, density: 0.5, coldItems: 1, usersWithOneInteraction: 1 });
    expect(s.popularity).toEqual([
      { rank: 1, interactions: 3 },
      { rank: 2, interactions: 2 },
      { rank: 3, interactions: 1 },
      { rank: 4, interactions: 0 },
    ]);
  });
});

describe('holdout', () => {
  const m = buildInteractions(
    { users: ['a', 'a', 'a', 'b', 'b', 'c'], items: ['x', 'y', 'z', 'x', 'y', 'z'], times: [3, 1, 2, 5, 9, 1] },
    { feedback: 'implicit' },
  );

  it('last:N hides each user’s latest and never their only interaction', () => {
    const h = holdout(m, { kind: 'last', n: 1 }, 0);
    expect(h.users).toBe(2);
    const held = (u: number): string[] => [...queryOf(h.test, u).items].map((i) => m.itemIds[i]!);
    expect([held(0), held(1), held(2)]).toEqual([['x'], ['y'], []]);
    expect(h.train.byUser.indices.length + h.test.indices.length).toBe(6);
    expect(h.train.byItem.indices.length).toBe(4);
  });

  it('random:F is seeded', () => {
    const big = buildInteractions({ users: Array.from({ length: 200 }, (_, i) => `u${i % 20}`), items: Array.from({ length: 200 }, (_, i) => `i${i}`) }, { feedback: 'implicit' });
    const a = holdout(big, { kind: 'random', fraction: 0.2 }, 1);
    expect(a.test.indices.length).toBe(40);
    expect(holdout(big, { kind: 'random', fraction: 0.2 }, 1).test.indices).toEqual(a.test.indices);
    expect(holdout(big, { kind: 'random', fraction: 0.2 }, 2).test.indices).not.toEqual(a.test.indices);
  });

  it('says why it cannot hold out when every user has one interaction, or there is no time', () => {
    const single = buildInteractions({ users: ['a', 'b'], items: ['x', 'y'], times: [1, 2] }, { feedback: 'implicit' });
    expect(() => holdout(single, { kind: 'last', n: 1 }, 0)).toThrow(/every user has a single interaction/);
    const untimed = buildInteractions({ users: ['a', 'a'], items: ['x', 'y'] }, { feedback: 'implicit' });
    expect(() => holdout(untimed, { kind: 'last', n: 1 }, 0)).toThrow(/needs a time column/);
  });
});
