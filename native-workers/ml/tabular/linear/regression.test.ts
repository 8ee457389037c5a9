import { describe, expect, it } from 'vitest';
import type { FitOptions } from '../model';
import { dataset, maxDiff } from './fixtures/datasets';
import golden from './fixtures/regression-golden.json';
import { Lasso } from './lasso';
import { LinearRegression } from './linear-regression';
import { Ridge } from './ridge';
import { cases } from '../../../../main/host/testing';

interface Case {
  name: string;
  alpha: number;
  sampleWeight: number[] | null;
  coef: number[];
  intercept: number;
  pred: number[];
}

function build(c: Case): LinearRegression | Ridge | Lasso {
  if (c.name.startsWith('ridge')) return new Ridge({ alpha: c.alpha });
  if (c.name.startsWith('lasso')) return new Lasso({ alpha: c.alpha });
  return new LinearRegression();
}

describe('linear regressors vs scikit-learn (diabetes, standardised X)', () => {
  const { X, y } = dataset('diabetes');
  for (const c of cases(golden as Case[], 'regression cases')) {
    it(c.name, () => {
      const m = build(c);
      const opts: FitOptions = {
        task: 'regression', nClasses: 1, seed: 0,
        ...(c.sampleWeight ? { sampleWeight: Float64Array.from(c.sampleWeight) } : {}),
      };
      m.fit(X, y, opts);
      const { coef, intercept } = m.coefficients();
      // Closed forms agree to rounding (measured ≤ 5e-12); lasso's coordinate descent to its tolerance (≤ 6e-8).
      const tol = c.name.startsWith('lasso') ? 1e-6 : 1e-9;
      expect(maxDiff(coef, c.coef)).toBeLessThan(tol);
      expect(Math.abs(intercept - c.intercept)).toBeLessThan(tol);
      expect(maxDiff(m.predict(X), c.pred)).toBeLessThan(tol * 10);
      if (c.name.startsWith('lasso')) {
        for (let j = 0; j < coef.length; j++) expect(coef[j] === 0).toBe(c.coef[j] === 0);
      }
      const back = JSON.parse(JSON.stringify(m.toJSON())) as { type: string };
      const restored = m.type === 'ridge' ? Ridge.fromJSON(back) : m.type === 'lasso' ? Lasso.fromJSON(back) : LinearRegression.fromJSON(back);
      expect(Array.from(restored.predict(X))).toEqual(Array.from(m.predict(X)));
    });
  }

  it('OLS answers collinear columns with the minimum-norm solution', () => {
    const rows = 50;
    const data = new Float64Array(rows * 2);
    const target = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      data[2 * i] = i / 10;
      data[2 * i + 1] = i / 10;
      target[i] = 3 * (i / 10) + 1;
    }
    const m = new LinearRegression();
    m.fit({ rows, cols: 2, data }, target, { task: 'regression', nClasses: 1, seed: 0 });
    const { coef, intercept } = m.coefficients();
    expect(coef[0]).toBeCloseTo(1.5, 10);
    expect(coef[1]).toBeCloseTo(1.5, 10);
    expect(intercept).toBeCloseTo(1, 10);
  });
});
