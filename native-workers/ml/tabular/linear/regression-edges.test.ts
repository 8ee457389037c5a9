// The regressors' edges that regression.test.ts's diabetes goldens leave open, each written against a mutant that
// survived `npm run mutate` (docs/figures.md, #22, Part H): lasso's sweep budget and stopping rule, a saved
// coefficient vector the caller cannot change, and OLS on fewer rows than columns.
import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import type { FitOptions } from '../model';
import { dataset, maxDiff } from './fixtures/datasets';
import { Lasso } from './lasso';
import { LinearRegression } from './linear-regression';
import { Ridge } from './ridge';

const regression: FitOptions = { task: 'regression', nClasses: 1, seed: 0 };

function sweepsSeen(m: Lasso, X = dataset('diabetes').X, y = dataset('diabetes').y): number[] {
  const seen: number[] = [];
  m.fit(X, y, { ...regression, checkpoint: (f) => seen.push(f) });
  return seen;
}

describe('lasso: its sweep budget and stopping rule', () => {
  it('0 sweeps leave every coefficient at 0 and the intercept at the mean', () => {
    const { X, y } = dataset('diabetes');
    const m = new Lasso({ maxIter: 0 });
    m.fit(X, y, regression);
    const { coef, intercept } = m.coefficients();
    expect(Array.from(coef).every((c) => c === 0)).toBe(true);
    expect(intercept).toBeCloseTo(y.reduce((a, b) => a + b, 0) / y.length, 9);
  });

  it('stops after one sweep once every coefficient is 0 and stays there', () => {
    // Progress comes every 16th sweep: [0, 1] is a fit that stopped before sweep 16.
    expect(sweepsSeen(new Lasso({ alpha: 1e6 }))).toEqual([0, 1]);
    // tol 0 too: a sweep that moves nothing is converged (no move exceeds 0 × 0).
    expect(sweepsSeen(new Lasso({ alpha: 1e6, tol: 0 }))).toEqual([0, 1]);
  });

  it('stops when no move exceeds tol × the largest coefficient', () => {
    // Measured on diabetes (coefficients up to ~500): α = 1 stops between sweeps 16 and 31 at tol 1e-4, and at
    // tol 1e-10 needs at least 32; α = 0.1 needs ~240 sweeps at 1e-4, ~480 at 1e-10.
    expect(sweepsSeen(new Lasso({ alpha: 1, tol: 1e-4, maxIter: 100_000 })).length).toBe(3);
    expect(sweepsSeen(new Lasso({ alpha: 1, tol: 1e-10, maxIter: 100_000 })).length).toBeGreaterThan(3);
    const loose = sweepsSeen(new Lasso({ alpha: 0.1, tol: 1e-4, maxIter: 100_000 })).length;
    const tight = sweepsSeen(new Lasso({ alpha: 0.1, tol: 1e-10, maxIter: 100_000 })).length;
    expect(loose).toBeGreaterThan(5);
    expect(loose).toBeLessThan(20);
    expect(tight).toBeGreaterThan(loose + 5);
    expect(tight).toBeLessThan(100);
  });
});

describe('the fitted coefficients', () => {
  it('are a copy: changing them does not change the model', () => {
    const { X, y } = dataset('diabetes');
    for (const m of [new LinearRegression(), new Ridge(), new Lasso()]) {
      m.fit(X, y, regression);
      const before = Array.from(m.predict(X));
      m.coefficients().coef.fill(0);
      expect(Array.from(m.predict(X))).toEqual(before);
    }
  });
});

describe('ordinary least squares', () => {
  it('answers fewer rows than columns with the minimum-norm solution, as scikit-learn', () => {
    // /usr/bin/python3: LinearRegression().fit(X, y) with sklearn 1.2.1 on these 3 × 5 values.
    const X = matrix(3, 5, Float64Array.from([1, 2, 0, 1, 3, 0, 1, 1, 2, 1, 2, 0, 1, 1, 0]));
    const y = Float64Array.from([1, 2, 4]);
    const m = new LinearRegression();
    m.fit(X, y, regression);
    const { coef, intercept } = m.coefficients();
    expect(maxDiff(coef, [0.44642857142857195, -0.41071428571428586, 0.12500000000000003, -0.1607142857142857, -0.5357142857142857])).toBeLessThan(1e-12);
    expect(intercept).toBeCloseTo(3.1428571428571423, 12);
    expect(maxDiff(m.predict(X), y)).toBeLessThan(1e-12);
  });
});
