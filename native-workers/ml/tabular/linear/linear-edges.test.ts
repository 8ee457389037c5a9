// Refusals, defaults and the arithmetic edges of the linear models that the sklearn goldens never reach:
// each case here was written against a surviving mutant (docs/figures.md, #22).
import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../matrix';
import type { FitOptions, ModelJSON } from '../model';
import { dataset, maxDiff } from './fixtures/datasets';
import { Lasso } from './lasso';
import { LinearRegression } from './linear-regression';
import { log1pExp, sigmoid, softmaxInPlace } from './link';
import { LogisticRegression } from './logistic';
import { checkLabels, coefImportance, weightsOf } from './params';
import { fitPlatt, plattProbability } from './platt';
import { Ridge } from './ridge';
import { LinearSvm } from './svm';
import { underMutation } from '../../../../main/host/testing';

const binary: FitOptions = { task: 'binary', nClasses: 2, seed: 1 };
const regression: FitOptions = { task: 'regression', nClasses: 1, seed: 0 };
const tiny = matrix(4, 2, Float64Array.from([0, 1, 1, 0, 2, 1, 3, 0]));

/** What `fn` throws (`undefined` when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('linear models refuse what they cannot fit, saying what was wrong', () => {
  it('shapes, labels and weights', () => {
    expect(() => new LinearRegression().fit(tiny, new Float64Array(3), regression)).toThrow('4 rows but 3 targets.');
    expect(() => new Ridge().fit(matrix(0, 2), new Float64Array(0), regression)).toThrow('Cannot fit on zero rows.');
    expect(() => weightsOf({ ...regression, sampleWeight: new Float64Array(3) }, 4)).toThrow('sampleWeight has 3 values for 4 rows.');
    expect(Array.from(weightsOf(regression, 3))).toEqual([1, 1, 1]);
    for (const bad of [2, -1, 0.5, Number.NaN]) {
      expect(() => checkLabels(Float64Array.from([0, bad]), 2)).toThrow(`Row 1 has class ${bad}; expected an index in 0..1.`);
    }
    expect(() => checkLabels(Float64Array.from([0, 1, 2]), 3)).not.toThrow();
    expect(() => new LogisticRegression().fit(tiny, Float64Array.from([0, 1, 2, 1]), binary)).toThrow('Row 2 has class 2');
    expect(() => new LinearSvm().fit(tiny, Float64Array.from([0, 1, 3, 1]), { ...binary, task: 'multiclass', nClasses: 3 })).toThrow('Row 2 has class 3; expected an index in 0..2.');
  });

  it('the wrong task', () => {
    const y = Float64Array.from([0, 1, 0, 1]);
    expect(() => new LinearRegression().fit(tiny, y, binary)).toThrow('linear is a regression model.');
    expect(() => new Lasso().fit(tiny, y, { ...binary, task: 'multiclass' })).toThrow('lasso is a regression model.');
    expect(() => new LogisticRegression().fit(tiny, y, regression)).toThrow('Logistic regression is for classification.');
    expect(() => new LinearSvm().fit(tiny, y, regression)).toThrow('The linear SVM here is a classifier.');
  });

  it('hyper-parameters out of range', () => {
    expect(() => new Ridge({ alpha: -1 })).toThrow('alpha must be ≥ 0.');
    expect(() => new Lasso({ alpha: Number.NaN })).toThrow('alpha must be ≥ 0.');
    expect(new Ridge({ alpha: 0 }).alpha).toBe(0);
    expect(new Lasso({ alpha: 0 }).alpha).toBe(0);
    for (const C of [0, -1, Number.NaN]) {
      expect(() => new LogisticRegression({ C })).toThrow('C must be positive.');
      expect(() => new LinearSvm({ C })).toThrow('C must be positive.');
    }
  });

  it('a sample weight sum of zero', () => {
    const opts = { ...regression, sampleWeight: new Float64Array(4) };
    expect(() => new Ridge().fit(tiny, Float64Array.from([1, 2, 3, 4]), opts)).toThrow('Sample weights must have a positive sum.');
  });

  it('use before fitting, and the wrong column count after', () => {
    for (const m of [new LinearRegression(), new Ridge(), new Lasso(), new LogisticRegression(), new LinearSvm()]) {
      // toThrow('…') alone also passes when `undefined` is thrown (chai checks a message only on a truthy error).
      expect(thrown(() => m.predict(tiny))).toEqual(new Error(`The ${m.type} model has not been fitted.`));
      expect(() => m.featureImportance()).toThrow('has not been fitted');
      expect(() => m.toJSON()).toThrow('has not been fitted');
    }
    const r = new Ridge();
    r.fit(tiny, Float64Array.from([1, 2, 3, 4]), regression);
    expect(() => r.predict(matrix(1, 3))).toThrow('The model was trained on 2 columns, got 3.');
    const l = new LogisticRegression();
    l.fit(tiny, Float64Array.from([0, 1, 0, 1]), binary);
    expect(() => l.predict(matrix(1, 1))).toThrow('The model was trained on 2 columns, got 1.');
    const s = new LinearSvm();
    s.fit(tiny, Float64Array.from([0, 1, 0, 1]), binary);
    expect(() => s.decisionFunction(matrix(1, 3))).toThrow('The model was trained on 2 columns, got 3.');
  });

  it('saved forms of another kind', () => {
    const ridge = new Ridge();
    ridge.fit(tiny, Float64Array.from([1, 2, 3, 4]), regression);
    const json = ridge.toJSON();
    expect(() => Lasso.fromJSON({ ...json, maxIter: 5, tol: 1 })).toThrow('Expected a lasso model, got ridge.');
    expect(() => LinearRegression.fromJSON(json)).toThrow('Expected a linear model, got ridge.');
    const logreg = new LogisticRegression();
    logreg.fit(tiny, Float64Array.from([0, 1, 0, 1]), binary);
    expect(() => LogisticRegression.fromJSON({ ...logreg.toJSON(), type: 'svm' })).toThrow('Expected a logreg model, got svm.');
    expect(() => LogisticRegression.fromJSON({ ...logreg.toJSON(), penalty: 'l3' })).toThrow('Unknown penalty l3.');
    expect(() => LinearSvm.fromJSON({ ...logreg.toJSON() })).toThrow('Expected an svm model, got logreg.');
  });
});

describe('defaults are scikit-learn\'s', () => {
  it('C, alpha, iterations and tolerances', () => {
    const l2 = new LogisticRegression();
    expect([l2.penalty, l2.C, l2.maxIter, l2.tol]).toEqual(['l2', 1, 1000, 1e-10]);
    const l1 = new LogisticRegression({ penalty: 'l1' });
    expect([l1.penalty, l1.tol]).toEqual(['l1', 1e-8]);
    const svm = new LinearSvm();
    expect([svm.C, svm.maxIter, svm.tol]).toEqual([1, 1000, 1e-4]);
    const lasso = new Lasso();
    expect([lasso.alpha, lasso.maxIter, lasso.tol]).toEqual([1, 10000, 1e-10]);
    expect(new Ridge().alpha).toBe(1);
  });

  it('the saved form keeps them', () => {
    const { X, y } = dataset('diabetes');
    const lasso = new Lasso({ alpha: 0.5, maxIter: 300, tol: 1e-6 });
    lasso.fit(X, y, regression);
    const json = lasso.toJSON();
    expect([json.alpha, json.maxIter, json.tol]).toEqual([0.5, 300, 1e-6]);
    const back = Lasso.fromJSON(JSON.parse(JSON.stringify(json)) as ModelJSON);
    expect([back.alpha, back.maxIter, back.tol]).toEqual([0.5, 300, 1e-6]);
    const ridge = new Ridge({ alpha: 3 });
    ridge.fit(X, y, regression);
    expect(Ridge.fromJSON(JSON.parse(JSON.stringify(ridge.toJSON())) as ModelJSON).alpha).toBe(3);
  });
});

describe('link functions stay finite where a naive formula overflows', () => {
  it('sigmoid and log(1 + e^z)', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(-30)).toBeCloseTo(Math.exp(-30), 25);
    expect(sigmoid(-30)).toBeGreaterThan(0);
    expect(log1pExp(1000)).toBe(1000);
    expect(log1pExp(-1000)).toBe(0);
    expect(log1pExp(-40)).toBe(Math.exp(-40));
    expect(log1pExp(2)).toBeCloseTo(Math.log(1 + Math.exp(2)), 14);
  });

  it('softmax of large logits', () => {
    const z = Float64Array.from([9, 1000, 1000, 998]);
    const lse = softmaxInPlace(z, 1, 3);
    expect(z[0]).toBe(9);
    expect(lse).toBeCloseTo(1000 + Math.log(2 + Math.exp(-2)), 10);
    const e = Math.exp(-2);
    expect(maxDiff(z.subarray(1), [1 / (2 + e), 1 / (2 + e), e / (2 + e)])).toBeLessThan(1e-15);
    const neg = Float64Array.from([-1000, -1001]);
    expect(softmaxInPlace(neg, 0, 2)).toBeCloseTo(-1000 + Math.log(1 + Math.exp(-1)), 10);
    expect(neg[0]! + neg[1]!).toBeCloseTo(1, 15);
  });
});

describe('feature importance', () => {
  it('sums |coef| over heads, normalised', () => {
    expect(Array.from(coefImportance(Float64Array.from([1, -3, -1, 0, 2, 1]), 3))).toEqual([0.125, 0.625, 0.25]);
  });
  it('is uniform when every coefficient is zero', () => {
    expect(Array.from(coefImportance(new Float64Array(4), 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
    // A strong lasso zeroes every coefficient.
    const { X, y } = dataset('diabetes');
    const lasso = new Lasso({ alpha: 1e6 });
    lasso.fit(X, y, regression);
    expect(Array.from(lasso.coefficients().coef).every((c) => c === 0)).toBe(true);
    expect(lasso.featureImportance()[0]).toBeCloseTo(1 / X.cols, 15);
  });
});

/** Integer sample weights are the same as repeating rows: any weight a solver drops or misplaces breaks it. */
function repeatRows(X: Matrix, y: Float64Array, times: (i: number) => number): { X: Matrix; y: Float64Array } {
  const rows: number[] = [];
  for (let i = 0; i < X.rows; i++) for (let t = 0; t < times(i); t++) rows.push(i);
  const data = new Float64Array(rows.length * X.cols);
  rows.forEach((r, k) => data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), k * X.cols));
  return { X: matrix(rows.length, X.cols, data), y: Float64Array.from(rows, (r) => y[r]!) };
}

describe('integer sample weights equal repeated rows', () => {
  const { X: bc, y: by } = dataset('breast_cancer');
  const times = (i: number): number => 1 + (i % 3);
  const sw = Float64Array.from({ length: bc.rows }, (_, i) => times(i));
  const rep = repeatRows(bc, by, times);

  // 3 s uninstrumented: in a mutation run small-golden.test.ts's weighted L1 goldens stand in for it.
  it.skipIf(underMutation)('L1 logistic regression', () => {
    const a = new LogisticRegression({ penalty: 'l1' });
    a.fit(bc, by, { ...binary, sampleWeight: sw });
    const b = new LogisticRegression({ penalty: 'l1' });
    b.fit(rep.X, rep.y, binary);
    expect(maxDiff(a.predict(bc), b.predict(bc))).toBeLessThan(1e-4);
  });

  it('Platt scaling', () => {
    const f = Float64Array.from({ length: 60 }, (_, i) => (i - 30) / 7 + Math.sin(i));
    const pos = Uint8Array.from({ length: 60 }, (_, i) => (i * 7919) % 5 < 2 + (i > 30 ? 2 : 0) ? 1 : 0);
    const w = Float64Array.from({ length: 60 }, (_, i) => 1 + (i % 4));
    const fr: number[] = [];
    const pr: number[] = [];
    for (let i = 0; i < 60; i++) for (let t = 0; t < w[i]!; t++) { fr.push(f[i]!); pr.push(pos[i]!); }
    const a = fitPlatt(f, pos, w);
    const b = fitPlatt(Float64Array.from(fr), Uint8Array.from(pr));
    expect(a.A).toBeCloseTo(b.A, 6);
    expect(a.B).toBeCloseTo(b.B, 6);
    expect(plattProbability(a, 0.3)).toBeCloseTo(plattProbability(b, 0.3), 6);
  });
});

describe('Platt scaling', () => {
  it('orients the sigmoid: a larger decision value, a larger probability', () => {
    const f = Float64Array.from([-2, -1, -0.5, 0, 0.5, 1, 2, 3]);
    const pos = Uint8Array.from([0, 0, 1, 0, 1, 1, 0, 1]);
    const s = fitPlatt(f, pos);
    // Negative A: a larger decision value means a larger probability of the positive class.
    expect(s.A).toBeLessThan(0);
    expect(plattProbability(s, 3)).toBeGreaterThan(plattProbability(s, -2));
    expect(plattProbability(s, 0)).toBeCloseTo(1 / (1 + Math.exp(s.B)), 15);
  });

  it('stays finite far out on either side', () => {
    const s = { A: -2, B: 0.5 };
    expect(plattProbability(s, 1e6)).toBe(1);
    expect(plattProbability(s, -1e6)).toBe(0);
    expect(plattProbability(s, 0.25)).toBe(0.5);
  });
});

/** Digits' rows of classes 0–2: small enough that a mutation run can fit it (the full digits cases are skipped there). */
function threeClasses(): { X: Matrix; y: Float64Array } {
  const { X, y } = dataset('digits');
  const keep: number[] = [];
  for (let i = 0; i < X.rows; i++) if (y[i]! < 3) keep.push(i);
  const data = new Float64Array(keep.length * X.cols);
  keep.forEach((r, k) => data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), k * X.cols));
  return { X: matrix(keep.length, X.cols, data), y: Float64Array.from(keep, (r) => y[r]!) };
}

function accuracy(proba: Float64Array, y: Float64Array, K: number): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    if (best === y[i]) right++;
  }
  return right / y.length;
}

function rowSums(proba: Float64Array, K: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < proba.length / K; i++) out.push(proba.subarray(i * K, (i + 1) * K).reduce((a, b) => a + b, 0));
  return out;
}

describe('three classes', () => {
  const { X, y } = threeClasses();
  const opts: FitOptions = { task: 'multiclass', nClasses: 3, seed: 5 };

  it('fixture', () => {
    expect(X.rows).toBeGreaterThan(60);
    expect(new Set(y).size).toBe(3);
  });

  for (const penalty of ['l2', 'l1'] as const) {
    it(`logistic regression (${penalty}): softmax rows, zero-mean intercepts, its saved form`, () => {
      const seen: number[] = [];
      const m = new LogisticRegression({ penalty, C: 0.5 });
      m.fit(X, y, { ...opts, checkpoint: (f) => seen.push(f) });
      expect(seen.at(-1)).toBe(1);
      expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
      const proba = m.predict(X);
      expect(proba.length).toBe(X.rows * 3);
      for (const s of rowSums(proba, 3)) expect(s).toBeCloseTo(1, 12);
      expect(accuracy(proba, y, 3)).toBeGreaterThan(0.95);
      const { coef, intercept } = m.coefficients();
      expect(coef.length).toBe(3 * X.cols);
      expect(intercept.length).toBe(3);
      expect(intercept.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(intercept.some((b) => Math.abs(b) > 1e-6)).toBe(true);
      const imp = m.featureImportance();
      expect(imp.length).toBe(X.cols);
      expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const json = m.toJSON();
      expect([json.penalty, json.C, json.nClasses]).toEqual([penalty, 0.5, 3]);
      const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(json)) as ModelJSON);
      expect([back.penalty, back.C, back.maxIter, back.tol]).toEqual([penalty, 0.5, m.maxIter, m.tol]);
      expect(Array.from(back.predict(X))).toEqual(Array.from(proba));
    });
  }

  it('one-vs-rest SVM: a Platt sigmoid per head, rows normalised, its saved form', () => {
    const seen: number[] = [];
    const m = new LinearSvm({ C: 0.5 });
    m.fit(X, y, { ...opts, checkpoint: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
    const z = m.decisionFunction(X);
    expect(z.length).toBe(X.rows * 3);
    // Each head separates its class from the rest: positive decision values on its own rows.
    for (let i = 0; i < X.rows; i++) expect(z[i * 3 + y[i]!]).toBeGreaterThan(0);
    const proba = m.predict(X);
    for (const s of rowSums(proba, 3)) expect(s).toBeCloseTo(1, 12);
    expect(accuracy(proba, y, 3)).toBe(1);
    const json = m.toJSON();
    expect((json.plattA as number[]).length).toBe(3);
    expect([json.C, json.nClasses]).toEqual([0.5, 3]);
    // Platt's A is negative on every head: a larger margin, a larger probability.
    expect((json.plattA as number[]).every((a) => a < 0)).toBe(true);
    const back = LinearSvm.fromJSON(JSON.parse(JSON.stringify(json)) as ModelJSON);
    expect([back.C, back.maxIter, back.tol]).toEqual([0.5, 1000, 1e-4]);
    expect(Array.from(back.predict(X))).toEqual(Array.from(proba));
    expect(m.featureImportance().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  // Small-golden.test.ts's nClasses 1 case stands in for it in a mutation run (1 s here, a minute there).
  it.skipIf(underMutation)('a binary fit treats nClasses 1 as 2 and puts class 1 on the positive side', () => {
    const { X: bc, y: by } = dataset('breast_cancer');
    for (const make of [() => new LogisticRegression(), () => new LinearSvm()]) {
      const a = make();
      a.fit(bc, by, binary);
      const b = make();
      b.fit(bc, by, { ...binary, nClasses: 1 });
      const pa = a.predict(bc);
      expect(Array.from(b.predict(bc))).toEqual(Array.from(pa));
      expect(pa.length).toBe(bc.rows * 2);
      expect(accuracy(pa, by, 2)).toBeGreaterThan(0.95);
    }
  });
});

describe('regressors on awkward columns', () => {
  const rows = 40;
  const data = new Float64Array(rows * 3);
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    data.set([i / 10, i / 10, 5], 3 * i);
    target[i] = 3 * (i / 10) + 1;
  }
  const X = matrix(rows, 3, data);

  it('ridge without a penalty falls back to the minimum-norm answer on collinear columns', () => {
    const m = new Ridge({ alpha: 0 });
    m.fit(X, target, regression);
    const { coef, intercept } = m.coefficients();
    expect(coef[0]).toBeCloseTo(1.5, 9);
    expect(coef[1]).toBeCloseTo(1.5, 9);
    expect(coef[2]).toBeCloseTo(0, 9);
    expect(intercept).toBeCloseTo(1, 9);
  });

  it('lasso leaves a constant column at zero and reports its sweeps', () => {
    const seen: number[] = [];
    const m = new Lasso({ alpha: 0.01 });
    m.fit(X, target, regression);
    const { coef, intercept } = m.coefficients();
    expect(coef[2]).toBe(0);
    expect(Number.isFinite(intercept)).toBe(true);
    // Diabetes' correlated columns keep coordinate descent moving for far more than 40 sweeps.
    const d = dataset('diabetes');
    new Lasso({ alpha: 0.001, maxIter: 40, tol: 0 }).fit(d.X, d.y, { ...regression, checkpoint: (f) => seen.push(f) });
    // Every 16th sweep of 40, then done.
    expect(seen).toEqual([0, 16 / 40, 32 / 40, 1]);
  });

  it('lasso stops once no coefficient moves', () => {
    const seen: number[] = [];
    const m = new Lasso({ alpha: 0.01, maxIter: 10_000 });
    m.fit(X, target, { ...regression, checkpoint: (f) => seen.push(f) });
    expect(seen.length).toBeLessThan(20);
    expect(seen.at(-1)).toBe(1);
  });
});
