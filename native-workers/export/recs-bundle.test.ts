import { describe, expect, it } from 'vitest';
import { compareAnswers, goldenSession } from './recs-bundle';

describe('the recommender parity comparison', () => {
  const want = { model: 'm', version: 1, user: 'u', coldStart: false, items: [{ item: 'a', score: 0.5, reason: 'history', because: ['x'] }, { item: 'b', score: 0.25, reason: 'history', because: [] }] };

  it('accepts the same answer with its own id and scores within 1e-6', () => {
    const got = { id: 'other', ...want, items: want.items.map((x) => ({ ...x, score: x.score + 4e-7 })) };
    const cmp = compareAnswers(want, got);
    expect(cmp.problem).toBeNull();
    expect(cmp.maxDiff).toBeCloseTo(4e-7, 12);
  });

  it('names a swapped rank, a different reason, a score off by more than 1e-6 and a different flag', () => {
    expect(compareAnswers(want, { ...want, items: [want.items[1], want.items[0]] }).problem).toMatch(/rank 1/);
    expect(compareAnswers(want, { ...want, items: [{ ...want.items[0]!, because: [] }, want.items[1]] }).problem).toMatch(/rank 1/);
    expect(compareAnswers(want, { ...want, items: [{ ...want.items[0]!, score: 0.5001 }, want.items[1]] }).problem).toMatch(/scores differ/);
    expect(compareAnswers(want, { ...want, coldStart: true }).problem).toMatch(/coldStart/);
    expect(compareAnswers(want, { ...want, items: want.items.slice(1) }).problem).toMatch(/1 items, the app gives 2/);
  });

  it('scripts known users, a stranger, events (one for an unknown item) and the same asks again', () => {
    const steps = goldenSession(['u1', 'u2'], ['i1', 'i2', 'i3', 'i4']);
    expect(steps.map((s) => s.path)).toEqual(['/recommend', '/recommend', '/recommend', '/events', '/recommend', '/recommend', '/recommend', '/recommend']);
    expect(JSON.stringify(steps[3]!.body)).toContain('golden-unknown-item');
  });
});
