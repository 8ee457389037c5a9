import { describe, expect, it } from 'vitest';
import { searchGrid, searchRandom } from './search';

describe('searchGrid', () => {
  it('gives every combination over the base parameters, the first name varying slowest', () => {
    expect(searchGrid('als', { iterations: 5 }, { factors: [8, 16], regularization: [0.01, 0.1] })).toEqual([
      { iterations: 5, factors: 8, regularization: 0.01 },
      { iterations: 5, factors: 8, regularization: 0.1 },
      { iterations: 5, factors: 16, regularization: 0.01 },
      { iterations: 5, factors: 16, regularization: 0.1 },
    ]);
  });

  it('refuses a parameter the model does not take, an empty list and a huge grid', () => {
    expect(() => searchGrid('itemknn', {}, { factors: [8] })).toThrow(/itemknn takes no parameter "factors"/);
    expect(() => searchGrid('als', {}, { factors: [] })).toThrow(/no values for factors/);
    expect(() => searchGrid('als', {}, { factors: [1, 2, 3, 4, 5, 6, 7, 8], regularization: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toThrow(/72 combinations, more than 64.*--search-trials/);
  });
});

describe('searchRandom', () => {
  const wide = { factors: [8, 16, 32, 64], regularization: [0.001, 0.01, 0.1, 1], alpha: [1, 5, 10, 20, 40, 80], iterations: [5, 10, 15] };

  it('draws the asked number of distinct grid combinations, seeded, in grid order', () => {
    // The 96-combination grid, first name slowest (too wide for searchGrid).
    const grid = wide.factors.flatMap((factors) => wide.regularization.flatMap((regularization) => wide.alpha.map((alpha) => JSON.stringify({ factors, regularization, alpha }))));
    const a = searchRandom('als', {}, { factors: wide.factors, regularization: wide.regularization, alpha: wide.alpha }, 10, 3);
    expect(a).toHaveLength(10);
    const keys = a.map((c) => JSON.stringify(c));
    expect(new Set(keys).size).toBe(10);
    const at = keys.map((k) => grid.indexOf(k));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((x, y) => x - y));
    expect(searchRandom('als', {}, { factors: wide.factors, regularization: wide.regularization, alpha: wide.alpha }, 10, 3)).toEqual(a);
    expect(searchRandom('als', {}, { factors: wide.factors, regularization: wide.regularization, alpha: wide.alpha }, 10, 4)).not.toEqual(a);
  });

  it('takes a grid wider than a grid search may be (288 combinations), and the whole grid when it is small', () => {
    const combos = searchRandom('als', { iterations: 3 }, wide, 12, 0);
    expect(combos).toHaveLength(12);
    for (const c of combos) {
      expect(wide.factors).toContain(c.factors);
      expect(wide.iterations).toContain(c.iterations);
    }
    expect(searchRandom('itemknn', {}, { neighbours: [10, 50] }, 5, 0)).toEqual(searchGrid('itemknn', {}, { neighbours: [10, 50] }));
  });

  it('refuses a bad trial count, a grid beyond a million and a parameter the model lacks', () => {
    expect(() => searchRandom('als', {}, wide, 0, 0)).toThrow(/1 to 64 trials, not 0/);
    expect(() => searchRandom('als', {}, wide, 65, 0)).toThrow(/1 to 64 trials/);
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(() => searchRandom('als', {}, { factors: many, iterations: many, alpha: many }, 5, 0)).toThrow(/1030301 combinations|1,030,301 combinations/);
    expect(() => searchRandom('itemknn', {}, { factors: [8, 16], neighbours: [5] }, 1, 0)).toThrow(/itemknn takes no parameter "factors"/);
  });
});

describe('search limits, at their bounds', () => {
  const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);

  it('takes exactly 64 combinations in a grid and 64 random trials, and refuses one more', () => {
    expect(searchGrid('als', {}, { factors: range(8), regularization: range(8) })).toHaveLength(64);
    expect(() => searchGrid('als', {}, { factors: range(5), regularization: range(13) })).toThrow('The search has 65 combinations, more than 64;');
    expect(searchRandom('als', {}, { factors: range(10), regularization: range(10) }, 64, 1)).toHaveLength(64);
    expect(() => searchRandom('als', {}, { factors: range(10) }, 65, 1)).toThrow('A random search takes 1 to 64 trials, not 65.');
  });

  it('draws from a grid of exactly 1,000,000 combinations and refuses one more', () => {
    expect(searchRandom('als', {}, { factors: range(1000), regularization: range(1000) }, 3, 2)).toHaveLength(3);
    expect(() => searchRandom('als', {}, { factors: range(1000), regularization: range(1000), alpha: [1, 2] }, 3, 2)).toThrow(
      "The search's grid has 2000000 combinations, more than 1,000,000; list fewer values.",
    );
    expect(() => searchRandom('als', {}, { factors: range(1001), regularization: range(1000) }, 3, 2)).toThrow(/1001000 combinations/);
  });
});
