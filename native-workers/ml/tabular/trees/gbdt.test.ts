import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrix, takeRows, takeValues, type Matrix } from '../matrix';
import { rng } from '../rng';
import { GradientBoosting } from './gbdt';
import { treeModelFromJSON } from './index';
import { churnDataset, numericDataset, rocAuc, stratifiedFolds, type Dataset } from './fixtures/datasets';

const dataDir = path.resolve(__dirname, '../../../../../shared/data');
const read = (file: string): string => fs.readFileSync(path.join(dataDir, file), 'utf8');

/** Fold 0 of a seeded stratified 5-fold split as (train, test). */
function holdOut(d: Dataset): { Xtr: Matrix; ytr: Float64Array; Xte: Matrix; yte: Float64Array } {
  const r = rng(7);
  const folds = stratifiedFolds(d.y, 5, () => r.next());
  const tr: number[] = [];
  const te: number[] = [];
  folds.forEach((f, i) => (f === 0 ? te : tr).push(i));
  return { Xtr: takeRows(d.X, tr), ytr: takeValues(d.y, tr), Xte: takeRows(d.X, te), yte: takeValues(d.y, te) };
}

const positive = (p: Float64Array): Float64Array => new Float64Array(p.length / 2).map((_, i) => p[2 * i + 1]!);

describe('GradientBoosting', () => {
  const churn = churnDataset(read('mlc_churn.csv'));
  const { Xtr, ytr, Xte, yte } = holdOut(churn);

  it('ranks churners well (held-out ROC AUC > 0.9) and reports every round', () => {
    const m = new GradientBoosting({ nRounds: 100 });
    const seen: number[] = [];
    m.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 1, checkpoint: (f) => seen.push(f) });
    expect(seen.length).toBe(100);
    expect(seen[99]).toBe(1);
    expect(rocAuc(yte, positive(m.predict(Xte)))).toBeGreaterThan(0.9);
    const imp = m.featureImportance();
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // total_day_minutes/charge and customer service calls carry churn in this data.
    const top = [...imp.keys()].sort((a, b) => imp[b]! - imp[a]!).slice(0, 4).map((j) => churn.names[j]);
    expect(top).toContain('number_customer_service_calls');
  });

  it('is deterministic for a seed, with row and column sampling, and round-trips through JSON', () => {
    const params = { nRounds: 40, subsample: 0.7, colsample: 0.6 };
    const a = new GradientBoosting(params);
    const b = new GradientBoosting(params);
    const c = new GradientBoosting(params);
    a.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 5 });
    b.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 5 });
    c.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 6 });
    const pa = a.predict(Xte);
    expect(b.predict(Xte)).toEqual(pa);
    expect(c.predict(Xte)).not.toEqual(pa);
    const back = treeModelFromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(back).toBeInstanceOf(GradientBoosting);
    expect(back.predict(Xte)).toEqual(pa);
    expect(back.featureImportance()).toEqual(a.featureImportance());
  });

  it('stops early on a validation set and keeps the best round', () => {
    const m = new GradientBoosting({ nRounds: 500, learningRate: 0.3, nIterNoChange: 10 });
    let rounds = 0;
    m.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 1, earlyStopping: { X: Xte, y: yte }, checkpoint: () => rounds++ });
    expect(rounds).toBeLessThan(500);
    // The kept rounds are the best one and those before it: patience rounds past it were dropped.
    expect(m.nRoundsKept).toBe(rounds - 10);
    expect(m.toJSON().trees.length).toBe(m.nRoundsKept);
  });

  it('cancels when the checkpoint throws', () => {
    const m = new GradientBoosting({ nRounds: 50 });
    let rounds = 0;
    const cancel = (): void => {
      if (++rounds === 3) throw new Error('cancelled');
    };
    expect(() => m.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 1, checkpoint: cancel })).toThrow('cancelled');
    expect(rounds).toBe(3);
  });

  it('weights rows: heavier positives raise the predicted churn rate', () => {
    const w = Float64Array.from(ytr, (y) => (y === 1 ? 5 : 1));
    const plain = new GradientBoosting({ nRounds: 30 });
    const weighted = new GradientBoosting({ nRounds: 30 });
    plain.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 1 });
    weighted.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 1, sampleWeight: w });
    const mean = (p: Float64Array): number => positive(p).reduce((a, b) => a + b, 0) / yte.length;
    expect(mean(weighted.predict(Xte))).toBeGreaterThan(mean(plain.predict(Xte)) + 0.05);
  });

  it('learns where missing values go', () => {
    const r = rng(3);
    const n = 2000;
    const X = matrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const missing = r.next() < 0.3;
      X.data[2 * i] = missing ? NaN : r.normal();
      X.data[2 * i + 1] = r.normal();
      y[i] = missing || X.data[2 * i]! > 1 ? 1 : 0;
    }
    const m = new GradientBoosting({ nRounds: 30, maxDepth: 3 });
    m.fit(X, y, { task: 'binary', nClasses: 2, seed: 0 });
    const p = positive(m.predict(matrix(3, 2, Float64Array.from([NaN, 0, 0, 0, 2, 0]))));
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
    expect(p[2]).toBeGreaterThan(0.9);
  });

  it('fits multiclass (softmax, one tree per class per round)', () => {
    const d = numericDataset(read('digits.csv'), 'label');
    const { Xtr: xa, ytr: ya, Xte: xb, yte: yb } = holdOut(d);
    const m = new GradientBoosting({ nRounds: 25, maxDepth: 4, learningRate: 0.3 });
    m.fit(xa, ya, { task: 'multiclass', nClasses: 10, seed: 0 });
    const p = m.predict(xb);
    let right = 0;
    for (let i = 0; i < yb.length; i++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (p[i * 10 + k]! > p[i * 10 + best]!) best = k;
      if (best === yb[i]) right++;
      expect(p.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(right / yb.length).toBeGreaterThan(0.9);
    expect(m.toJSON().trees.length).toBe(250);
  });

  it('fits regression (diabetes: held-out R² > 0.3)', () => {
    const d = numericDataset(read('diabetes_raw.csv'), 'target');
    const r = rng(11);
    const order = Array.from({ length: d.X.rows }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const tr = order.slice(0, 350);
    const te = order.slice(350);
    const m = new GradientBoosting({ nRounds: 100, maxDepth: 3, learningRate: 0.05 });
    m.fit(takeRows(d.X, tr), takeValues(d.y, tr), { task: 'regression', nClasses: 1, seed: 0 });
    const p = m.predict(takeRows(d.X, te));
    const yte = takeValues(d.y, te);
    const mean = yte.reduce((a, b) => a + b, 0) / yte.length;
    let ssRes = 0;
    let ssTot = 0;
    yte.forEach((v, i) => {
      ssRes += (v - p[i]!) ** 2;
      ssTot += (v - mean) ** 2;
    });
    expect(1 - ssRes / ssTot).toBeGreaterThan(0.3);
  });
});
