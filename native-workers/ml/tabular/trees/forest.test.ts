import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeRows, takeValues } from '../matrix';
import { rng } from '../rng';
import { RandomForest, featuresPerNode } from './forest';
import { treeModelFromJSON } from './index';
import { numericDataset, rocAuc, stratifiedFolds } from './fixtures/datasets';

const dataDir = path.resolve(__dirname, '../../../../../shared/data');
const cancer = numericDataset(fs.readFileSync(path.join(dataDir, 'breast_cancer.csv'), 'utf8'), 'target');
const r = rng(7);
const folds = stratifiedFolds(cancer.y, 4, () => r.next());
const tr: number[] = [];
const te: number[] = [];
folds.forEach((f, i) => (f === 0 ? te : tr).push(i));
const Xtr = takeRows(cancer.X, tr);
const ytr = takeValues(cancer.y, tr);
const Xte = takeRows(cancer.X, te);
const yte = takeValues(cancer.y, te);
const positive = (p: Float64Array): Float64Array => new Float64Array(p.length / 2).map((_, i) => p[2 * i + 1]!);

describe('RandomForest', () => {
  it('classifies breast cancer (held-out AUC > 0.97) with averaged probabilities', () => {
    const f = new RandomForest({ nTrees: 60 });
    let calls = 0;
    f.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 1, checkpoint: () => calls++ });
    expect(calls).toBe(60);
    const p = f.predict(Xte);
    for (let i = 0; i < yte.length; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 12);
    expect(rocAuc(yte, positive(p))).toBeGreaterThan(0.97);
    const imp = f.featureImportance();
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // The "worst" size and concavity features carry this data set (as in scikit-learn's forests).
    const top = [...imp.keys()].sort((a, b) => imp[b]! - imp[a]!).slice(0, 6).map((j) => cancer.names[j]!);
    expect(top.some((n) => n.startsWith('worst'))).toBe(true);
  });

  it('is deterministic for a seed and round-trips through JSON', () => {
    const a = new RandomForest({ nTrees: 20 });
    const b = new RandomForest({ nTrees: 20 });
    const c = new RandomForest({ nTrees: 20 });
    a.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 4 });
    b.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 4 });
    c.fit(Xtr, ytr, { task: 'binary', nClasses: 2, seed: 5 });
    const pa = a.predict(Xte);
    expect(b.predict(Xte)).toEqual(pa);
    expect(c.predict(Xte)).not.toEqual(pa);
    const back = treeModelFromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(back).toBeInstanceOf(RandomForest);
    expect(back.predict(Xte)).toEqual(pa);
  });

  it('fits regression (diabetes: held-out R² > 0.3)', () => {
    const d = numericDataset(fs.readFileSync(path.join(dataDir, 'diabetes_raw.csv'), 'utf8'), 'target');
    const idx = Array.from({ length: d.X.rows }, (_, i) => i);
    const train = idx.filter((i) => i % 4 !== 0);
    const test = idx.filter((i) => i % 4 === 0);
    const f = new RandomForest({ nTrees: 60, maxFeatures: 'third', minSamplesLeaf: 3 });
    f.fit(takeRows(d.X, train), takeValues(d.y, train), { task: 'regression', nClasses: 1, seed: 0 });
    const p = f.predict(takeRows(d.X, test));
    const y = takeValues(d.y, test);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const ssRes = y.reduce((s, v, i) => s + (v - p[i]!) ** 2, 0);
    const ssTot = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(1 - ssRes / ssTot).toBeGreaterThan(0.3);
  });

  it('tries sqrt(F) features per node for classification, all for regression, or the rule asked for, at least one', () => {
    expect(featuresPerNode(null, 'binary', 30)).toBe(5);
    expect(featuresPerNode(null, 'regression', 30)).toBe(30);
    expect(featuresPerNode('third', 'regression', 10)).toBe(3);
    expect(featuresPerNode(0.5, 'multiclass', 9)).toBe(4);
    expect(featuresPerNode('log2', 'binary', 30)).toBe(4);
    expect(featuresPerNode('sqrt', 'regression', 30)).toBe(5);
    expect(featuresPerNode('all', 'binary', 30)).toBe(30);
    expect(featuresPerNode(null, 'multiclass', 10)).toBe(3);
    // At least one feature per node, whatever the rule rounds down to.
    expect(featuresPerNode('third', 'binary', 2)).toBe(1);
    expect(featuresPerNode('log2', 'binary', 1)).toBe(1);
    expect(featuresPerNode(0.1, 'binary', 5)).toBe(1);
  });
});
