// The iterative solvers (L-BFGS, L1 proximal Newton, hinge dual CD, Platt) against scikit-learn on problems of a
// few dozen rows (fixtures/make-small-golden.py): milliseconds each, so a mutation run can afford them where
// the goldens of logistic.test.ts and svm.test.ts spend seconds per fit (docs/figures.md, #22).
import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../matrix';
import type { FitOptions, ModelJSON } from '../model';
import { maxDiff } from './fixtures/datasets';
import small from './fixtures/small-golden.json';
import { LogisticRegression } from './logistic';
import { fitPlatt } from './platt';
import { LinearSvm } from './svm';
import { cases } from '../../../../main/host/testing';

type SmallData = 'bc' | 'digits3';

interface Case {
  name: string;
  model: 'logreg' | 'svm';
  data: SmallData;
  penalty: 'l1' | 'l2';
  C: number;
  weighted: boolean;
  nClasses: number;
  coef: number[];
  intercept: number[];
  /** predict_proba for logistic regression, decision_function for the SVM. */
  out: number[];
  /** The SVM's Platt sigmoid per head, fitted to sklearn's decision values at a tight gradient, and its probabilities. */
  plattA?: number[];
  plattB?: number[];
  proba?: number[];
}

interface RawData {
  rows: number;
  cols: number;
  X: number[];
  y: number[];
  weights: number[];
}

function load(name: SmallData): { X: Matrix; y: Float64Array; w: Float64Array } {
  const d = (small.data as Record<SmallData, RawData>)[name];
  return { X: matrix(d.rows, d.cols, Float64Array.from(d.X)), y: Float64Array.from(d.y), w: Float64Array.from(d.weights) };
}

function options(c: Case, w: Float64Array): FitOptions {
  return { task: c.nClasses === 2 ? 'binary' : 'multiclass', nClasses: c.nClasses, seed: 3, ...(c.weighted ? { sampleWeight: w } : {}) };
}

describe('iterative linear solvers vs scikit-learn on small problems', () => {
  const all = cases(small.cases as Case[], 'small solver cases');

  it('the fixture has both models, both penalties, weights and both shapes', () => {
    expect(new Set(all.map((c) => `${c.model} ${c.penalty} ${c.nClasses} ${c.weighted}`)).size).toBe(12);
    // L1 zeroes some coefficients and keeps others: the sparsity test below means something.
    const l1 = all.filter((c) => c.penalty === 'l1' && c.model === 'logreg');
    expect(l1.some((c) => c.coef.some((v) => v === 0))).toBe(true);
    expect(l1.every((c) => c.coef.some((v) => v !== 0))).toBe(true);
  });

  for (const c of all.filter((k) => k.model === 'logreg')) {
    it(`logistic regression, ${c.name}`, () => {
      const { X, y, w } = load(c.data);
      const m = new LogisticRegression({ penalty: c.penalty, C: c.C, tol: 1e-12 });
      const seen: number[] = [];
      m.fit(X, y, { ...options(c, w), checkpoint: (f) => seen.push(f) });
      // One call per solver iteration, then 1. Proximal Newton took 8–10 steps here and L-BFGS 17–53: a solver
      // that only reaches the optimum by running out its 1,000 iterations has lost its stopping test or its speed.
      expect(seen.at(-1)).toBe(1);
      expect(seen.length - 1).toBeLessThanOrEqual(c.penalty === 'l1' ? 20 : 100);
      const { coef, intercept } = m.coefficients();
      expect(maxDiff(coef, c.coef)).toBeLessThan(1e-6);
      expect(maxDiff(intercept, c.intercept)).toBeLessThan(1e-6);
      expect(maxDiff(m.predict(X), c.out)).toBeLessThan(1e-7);
      if (c.penalty === 'l1') for (let j = 0; j < coef.length; j++) expect(coef[j] === 0).toBe(c.coef[j] === 0);
      const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as ModelJSON);
      expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
    });
  }

  for (const c of all.filter((k) => k.model === 'svm')) {
    it(`linear SVM, ${c.name}`, () => {
      const { X, y, w } = load(c.data);
      const m = new LinearSvm({ C: c.C, tol: 1e-10, maxIter: 100_000 });
      m.fit(X, y, options(c, w));
      const { coef, intercept } = m.coefficients();
      expect(maxDiff(coef, c.coef)).toBeLessThan(1e-6);
      expect(maxDiff(intercept, c.intercept)).toBeLessThan(1e-6);
      expect(maxDiff(m.decisionFunction(X), c.out)).toBeLessThan(1e-6);
      // Platt's Newton stops at a gradient of 1e-5 (libsvm's test), measured within 2e-7 of the reference solved to 1e-11.
      const json = m.toJSON();
      expect(maxDiff(json.plattA as number[], c.plattA!)).toBeLessThan(1e-6);
      expect(maxDiff(json.plattB as number[], c.plattB!)).toBeLessThan(1e-6);
      expect(maxDiff(m.predict(X), c.proba!)).toBeLessThan(1e-5);
    });

    it(`Platt scaling alone, on sklearn's decision values: ${c.name}`, () => {
      const { y, w } = load(c.data);
      const heads = c.plattA!.length;
      for (let k = 0; k < heads; k++) {
        const f = Float64Array.from(y, (_, i) => c.out[i * heads + k]!);
        const pos = Uint8Array.from(y, (v) => (v === (heads === 1 ? 1 : k) ? 1 : 0));
        const s = fitPlatt(f, pos, c.weighted ? w : undefined);
        expect(Math.abs(s.A - c.plattA![k]!)).toBeLessThan(1e-6);
        expect(Math.abs(s.B - c.plattB![k]!)).toBeLessThan(1e-6);
      }
    });
  }

  it('a binary fit with nClasses 1 is the two-class fit', () => {
    const { X, y } = load('bc');
    for (const c of all.filter((k) => k.data === 'bc' && !k.weighted)) {
      const m = c.model === 'svm' ? new LinearSvm({ C: c.C, tol: 1e-10, maxIter: 100_000 }) : new LogisticRegression({ penalty: c.penalty, C: c.C, tol: 1e-12 });
      m.fit(X, y, { task: 'binary', nClasses: 1, seed: 3 });
      expect(maxDiff(m.coefficients().coef, c.coef)).toBeLessThan(1e-6);
      expect(m.predict(X).length).toBe(2 * X.rows);
    }
  });
});
