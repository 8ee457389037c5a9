import { describe, expect, it } from 'vitest';
import golden from './fixtures/recs-golden.json';
import { choleskySolve, foldIn, gramOf, resolveAlsParams, solveRows, trainAls } from './als';
import { cases } from '../../../main/host/testing';
import { buildInteractions } from './interactions';
import { itemPopularity } from './popular';

// A 30 × 20 matrix, starting factors, and numpy's ALS with the same CG steps (fixtures/make-fixtures.py).
const g = golden.als;

function goldenMatrix(): ReturnType<typeof buildInteractions> {
  // Users and items are indexed in first-seen order: list every user and item first, in order, so indices equal numpy's.
  const users: number[] = [];
  const items: number[] = [];
  const weights: number[] = [];
  for (const [u, i, w] of g.entries) {
    users.push(u);
    items.push(i);
    weights.push(w);
  }
  const m = buildInteractions({ users, items, weights }, { feedback: 'implicit' });
  expect(m.userIds).toEqual(Array.from({ length: g.users }, (_, i) => String(i)));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('implicit ALS against numpy', () => {
  it('gives the same factors and scores to 1e-9', async () => {
    const m = goldenMatrix();
    // Items are first seen out of order: permute the golden item rows into our item indices.
    const itemRow = m.itemIds.map(Number);
    const f = g.params.factors;
    const itemInit = new Float64Array(g.items * f);
    itemRow.forEach((gi, i) => itemInit.set(g.itemInit.slice(gi * f, gi * f + f), i * f));
    const model = await trainAls(m, itemPopularity(m), g.params, undefined, { userFactors: Float64Array.from(g.userInit), itemFactors: itemInit });
    expect(maxDiff(model.userFactors, g.userFactors)).toBeLessThan(1e-9);
    const items = new Float64Array(g.items * f);
    itemRow.forEach((gi, i) => items.set(model.itemFactors.subarray(i * f, i * f + f), gi * f));
    expect(maxDiff(items, g.itemFactors)).toBeLessThan(1e-9);
    const scores: number[] = [];
    for (let u = 0; u < g.users; u++)
      for (let gi = 0; gi < g.items; gi++) {
        const i = itemRow.indexOf(gi);
        let s = 0;
        for (let a = 0; a < f; a++) s += model.userFactors[u * f + a]! * model.itemFactors[i * f + a]!;
        scores.push(s);
      }
    expect(maxDiff(scores, g.scores)).toBeLessThan(1e-9);
  });

  it('folds a history in as numpy solves it, from the cached YᵀY', () => {
    const f = g.params.factors;
    const itemFactors = Float64Array.from(g.itemFactors);
    const model = {
      kind: 'als' as const,
      itemIds: [],
      userIds: [],
      popularity: new Float64Array(g.items),
      factors: f,
      regularization: g.params.regularization,
      alpha: g.params.alpha,
      userFactors: new Float64Array(0),
      itemFactors,
      gram: gramOf(itemFactors, g.items, f),
    };
    for (const c of cases(g.foldIn, 'fold-in users')) expect(maxDiff(foldIn(model, Int32Array.from(c.items), Float64Array.from(c.weights)), c.vector)).toBeLessThan(1e-12);
  });

  it('fold-in of a trained user equals their user step run to convergence on the final item factors', async () => {
    const m = goldenMatrix();
    const model = await trainAls(m, itemPopularity(m), g.params);
    const f = model.factors;
    const users = model.userFactors.slice();
    // CG on an f-dimensional system converges in f steps; a few more absorb rounding.
    solveRows(m.byUser, users, model.itemFactors, model.gram, resolveAlsParams({ ...g.params, cgSteps: 3 * f }), 0, m.byUser.rows);
    for (const u of [0, 7, 19]) {
      const a = m.byUser.indptr[u]!;
      const b = m.byUser.indptr[u + 1]!;
      const x = foldIn(model, m.byUser.indices.subarray(a, b), m.byUser.data.subarray(a, b));
      expect(maxDiff(x, [...users.subarray(u * f, u * f + f)])).toBeLessThan(1e-9);
    }
  });

  it('is seeded: the same seed gives the same factors, another seed others', async () => {
    const m = goldenMatrix();
    const p = itemPopularity(m);
    const a = await trainAls(m, p, { factors: 4, iterations: 2, seed: 5 });
    const b = await trainAls(m, p, { factors: 4, iterations: 2, seed: 5 });
    const c = await trainAls(m, p, { factors: 4, iterations: 2, seed: 6 });
    expect(b.itemFactors).toEqual(a.itemFactors);
    expect(c.itemFactors).not.toEqual(a.itemFactors);
  });

  it('takes the documented defaults, accepts the edges, and refuses each parameter out of range with its value', async () => {
    expect(resolveAlsParams({})).toEqual({ factors: 64, iterations: 15, regularization: 0.01, alpha: 40, cgSteps: 3, seed: 0 });
    expect(() => resolveAlsParams({ factors: 1, iterations: 1, cgSteps: 1, regularization: 0, alpha: 1e-9 })).not.toThrow();
    const refused: [Parameters<typeof resolveAlsParams>[0], string][] = [
      [{ factors: 0 }, 'factors must be a whole number of at least 1, not 0.'],
      [{ factors: 2.5 }, 'factors must be a whole number of at least 1, not 2.5.'],
      [{ iterations: 0 }, 'iterations must be a whole number of at least 1, not 0.'],
      [{ iterations: 1.5 }, 'iterations must be a whole number of at least 1, not 1.5.'],
      [{ cgSteps: 0 }, 'cgSteps must be a whole number of at least 1, not 0.'],
      [{ cgSteps: 2.5 }, 'cgSteps must be a whole number of at least 1, not 2.5.'],
      [{ regularization: -0.1 }, 'regularization must be zero or more, not -0.1.'],
      [{ regularization: Number.NaN }, 'regularization must be zero or more, not NaN.'],
      [{ alpha: 0 }, 'alpha must be above zero, not 0.'],
    ];
    for (const [params, message] of refused) expect(() => resolveAlsParams(params), message).toThrow(message);
    // Starting factors of the wrong size for the data: either side.
    const m = goldenMatrix();
    const f = 3;
    const right = { userFactors: new Float64Array(g.users * f), itemFactors: new Float64Array(g.items * f) };
    for (const init of [{ ...right, userFactors: new Float64Array(g.users * f - 1) }, { ...right, itemFactors: new Float64Array(g.items * f + 1) }]) {
      await expect(trainAls(m, itemPopularity(m), { factors: f, iterations: 1 }, undefined, init)).rejects.toThrow('The starting factors do not match');
    }
    await expect(trainAls(m, itemPopularity(m), { factors: f, iterations: 1 }, undefined, right)).resolves.toMatchObject({ kind: 'als' });
  });

  it('solves a positive definite system and refuses one that is not', () => {
    const x = choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(4 * x[0]! + 2 * x[1]!).toBeCloseTo(2, 12);
    expect(2 * x[0]! + 3 * x[1]!).toBeCloseTo(1, 12);
    expect(() => choleskySolve(Float64Array.of(0, 0, 0, 0), Float64Array.of(1, 1), 2)).toThrow(/regularization/);
  });
});
