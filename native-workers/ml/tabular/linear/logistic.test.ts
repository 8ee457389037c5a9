import { describe, expect, it } from 'vitest';
import type { FitOptions } from '../model';
import { dataset, maxDiff, type DatasetName } from './fixtures/datasets';
import golden from './fixtures/logreg-golden.json';
import { LogisticRegression } from './logistic';
import { cases, underMutation } from '../../../../main/host/testing';

interface Case {
  name: string;
  data: DatasetName;
  penalty: 'l1' | 'l2';
  sampleWeight: number[] | null;
  nClasses: number;
  coef: number[];
  intercept: number[];
  proba: number[];
  lbfgs?: { coef: number[]; intercept: number[]; proba: number[] };
}

function options(c: Case): FitOptions {
  return {
    task: c.nClasses === 2 ? 'binary' : 'multiclass',
    nClasses: c.nClasses,
    seed: 1,
    ...(c.sampleWeight ? { sampleWeight: Float64Array.from(c.sampleWeight) } : {}),
  };
}

describe('LogisticRegression vs scikit-learn', () => {
  for (const c of cases(golden as Case[], 'logistic regression cases')) {
    // Seconds per fit uninstrumented, minutes in a mutation run: small-golden.test.ts stands in for them there.
    it.skipIf(underMutation)(c.name, () => {
      const { X, y } = dataset(c.data);
      const m = new LogisticRegression({ penalty: c.penalty });
      m.fit(X, y, options(c));
      const { coef, intercept } = m.coefficients();
      const proba = m.predict(X);
      // L2: both sides reach the optimum of the same smooth objective (sklearn's newton-cg, tight).
      // L1: sklearn's saga stops near the optimum.
      const tol = c.penalty === 'l2' ? 1e-5 : 1e-3;
      expect(maxDiff(coef, c.coef)).toBeLessThan(tol);
      expect(maxDiff(intercept, c.intercept)).toBeLessThan(tol);
      expect(maxDiff(proba, c.proba)).toBeLessThan(tol);
      if (c.lbfgs) {
        // sklearn's lbfgs stops on a relative-decrease test a little short of the optimum.
        expect(maxDiff(coef, c.lbfgs.coef)).toBeLessThan(1e-3);
        expect(maxDiff(proba, c.lbfgs.proba)).toBeLessThan(1e-4);
      }
      if (c.penalty === 'l1') {
        // Same sparsity pattern wherever sklearn's coefficient is clearly away from zero.
        for (let j = 0; j < coef.length; j++) {
          if (c.coef[j] === 0) expect(Math.abs(coef[j]!)).toBeLessThan(1e-3);
          if (Math.abs(c.coef[j]!) > 1e-3) expect(coef[j]).not.toBe(0);
        }
      }
    });
  }

  it.skipIf(underMutation)('restores identical predictions from JSON, and is deterministic', () => {
    const { X, y } = dataset('digits');
    const opts: FitOptions = { task: 'multiclass', nClasses: 10, seed: 3 };
    const a = new LogisticRegression({ penalty: 'l1', C: 0.5 });
    a.fit(X, y, opts);
    const b = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(b.predict(X))).toEqual(Array.from(a.predict(X)));
    const c = new LogisticRegression({ penalty: 'l1', C: 0.5 });
    c.fit(X, y, opts);
    expect(Array.from(c.predict(X))).toEqual(Array.from(a.predict(X)));
    const imp = a.featureImportance();
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('reports progress and cancels when the checkpoint throws', () => {
    const { X, y } = dataset('breast_cancer');
    const seen: number[] = [];
    new LogisticRegression().fit(X, y, { task: 'binary', nClasses: 2, seed: 1, checkpoint: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(() =>
      new LogisticRegression({ penalty: 'l1' }).fit(X, y, {
        task: 'binary', nClasses: 2, seed: 1, checkpoint: () => { throw new Error('cancelled'); },
      }),
    ).toThrow('cancelled');
  });
});
