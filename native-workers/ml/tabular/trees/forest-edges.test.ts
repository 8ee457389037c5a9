import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrix, takeRows, takeValues } from '../matrix';
import { rng } from '../rng';
import { DecisionTree } from './cart';
import { RandomForest } from './forest';
import { numericDataset } from './fixtures/datasets';
import { bootstrapCounts } from './sampling';

const dataDir = path.resolve(__dirname, '../../../../../shared/data');
const cancer = numericDataset(fs.readFileSync(path.join(dataDir, 'breast_cancer.csv'), 'utf8'), 'target');
const rows = Array.from({ length: 300 }, (_, i) => i);
const X = takeRows(cancer.X, rows);
const y = takeValues(cancer.y, rows);
const diabetes = numericDataset(fs.readFileSync(path.join(dataDir, 'diabetes_raw.csv'), 'utf8'), 'target');

describe('RandomForest against the decision tree it is made of', () => {
  // One tree with every feature at every node is CART on the tree's bootstrap weights (rng(seed).fork()'s draw);
  // the decision tree is checked against scikit-learn (cart.test.ts).
  it('one bootstrapped classification tree is the decision tree on the bootstrap counts', () => {
    const forest = new RandomForest({ nTrees: 1, maxFeatures: 'all', maxDepth: 6 });
    forest.fit(X, y, { task: 'binary', nClasses: 2, seed: 12 });
    const counts = bootstrapCounts(X.rows, rng(12).fork());
    const tree = new DecisionTree({ maxDepth: 6 });
    tree.fit(X, y, { task: 'binary', nClasses: 2, seed: 12, sampleWeight: counts });
    expect(forest.toJSON().trees[0]).toEqual(tree.toJSON().tree);
    expect(forest.predict(cancer.X)).toEqual(tree.predict(cancer.X));
    const imp = tree.featureImportance();
    forest.featureImportance().forEach((v, f) => expect(v).toBeCloseTo(imp[f]!, 12));
  });

  it('without bootstrap, with sample weights, each regression tree is the weighted decision tree, and the forest their mean', () => {
    const w = Float64Array.from({ length: diabetes.X.rows }, (_, i) => 1 + (i % 3));
    const forest = new RandomForest({ nTrees: 2, bootstrap: false, maxFeatures: 'all', minSamplesLeaf: 5 });
    const done: string[] = [];
    forest.fit(diabetes.X, diabetes.y, { task: 'regression', nClasses: 1, seed: 3, sampleWeight: w, checkpoint: (f, d) => done.push(`${f} ${d}`) });
    expect(done).toEqual(['0.5 tree 1/2', '1 tree 2/2']);
    const tree = new DecisionTree({ minSamplesLeaf: 5 });
    tree.fit(diabetes.X, diabetes.y, { task: 'regression', nClasses: 1, seed: 3, sampleWeight: w });
    const [a, b] = forest.toJSON().trees;
    expect(a).toEqual(tree.toJSON().tree);
    expect(b).toEqual(a);
    const p = forest.predict(diabetes.X);
    tree.predict(diabetes.X).forEach((v, i) => expect(p[i]).toBeCloseTo(v, 9));
    expect(forest.size).toBe(2);
  });

  it('averages each tree’s own normalised importance', () => {
    const forest = new RandomForest({ nTrees: 3, maxFeatures: 'all', maxDepth: 3 });
    forest.fit(X, y, { task: 'binary', nClasses: 2, seed: 5 });
    // Tree t is the decision tree on the counts of the t-th fork of rng(seed).
    const r = rng(5);
    const mean = new Float64Array(X.cols);
    const json = forest.toJSON();
    for (let t = 0; t < 3; t++) {
      const tree = new DecisionTree({ maxDepth: 3 });
      tree.fit(X, y, { task: 'binary', nClasses: 2, seed: 5, sampleWeight: bootstrapCounts(X.rows, r.fork()) });
      expect(json.trees[t]).toEqual(tree.toJSON().tree);
      tree.featureImportance().forEach((v, f) => (mean[f] += v / 3));
    }
    expect(json.trees[0]).not.toEqual(json.trees[1]);
    forest.featureImportance().forEach((v, f) => expect(v, `feature ${f}`).toBeCloseTo(mean[f]!, 12));
  });

  it('draws a fresh feature subset at every node: with one feature per node, each feature starts trees about equally often', () => {
    const r = rng(1);
    const n = 200;
    const data = matrix(n, 4);
    const target = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 4; j++) data.data[4 * i + j] = r.normal();
      target[i] = data.data[4 * i]! > 0 ? 1 : 0;
    }
    const forest = new RandomForest({ nTrees: 200, maxFeatures: 0.25, maxDepth: 2 });
    forest.fit(data, target, { task: 'binary', nClasses: 2, seed: 2 });
    const trees = forest.toJSON().trees;
    const roots = [0, 0, 0, 0];
    for (const t of trees) roots[t.feature[0]!]!++;
    for (const c of roots) expect(c).toBeGreaterThan(25);
    // Below a root, the children draw again: some tree splits on two features.
    expect(trees.some((t) => new Set(t.feature.filter((f) => f >= 0)).size > 1)).toBe(true);
  });
});

describe('RandomForest options and bookkeeping', () => {
  it('leaves rows the bootstrap did not draw out of each tree, also from the leaf counts', () => {
    // minSamplesLeaf counts rows: an undrawn row counted would change which splits are admissible. The
    // decision tree leaves zero-weight rows out (cart.test.ts checks it against a fit without them).
    const forest = new RandomForest({ nTrees: 1, maxFeatures: 'all', maxDepth: 6, minSamplesLeaf: 6 });
    forest.fit(X, y, { task: 'binary', nClasses: 2, seed: 21 });
    const counts = bootstrapCounts(X.rows, rng(21).fork());
    const tree = new DecisionTree({ maxDepth: 6, minSamplesLeaf: 6 });
    tree.fit(X, y, { task: 'binary', nClasses: 2, seed: 21, sampleWeight: counts });
    expect(forest.toJSON().trees[0]).toEqual(tree.toJSON().tree);
  });

  it('is a forest, bins to maxBins, gives regression one output whatever nClasses is passed, and hands out a copy of its importance', () => {
    const forest = new RandomForest({ nTrees: 2, maxBins: 3, maxDepth: 4 });
    expect(forest.type).toBe('rf');
    forest.fit(diabetes.X, diabetes.y, { task: 'regression', nClasses: 3, seed: 0 });
    expect(forest.toJSON().nClasses).toBe(1);
    expect(forest.predict(diabetes.X).length).toBe(diabetes.X.rows);
    // Two value bins and the missing bin: one threshold per feature, across both trees.
    const thresholds = new Map<number, Set<number>>();
    for (const t of forest.toJSON().trees) t.feature.forEach((f, i) => f >= 0 && thresholds.set(f, (thresholds.get(f) ?? new Set()).add(t.threshold[i]!)));
    expect(thresholds.size).toBeGreaterThan(1);
    for (const [f, set] of thresholds) expect(set.size, `feature ${f}`).toBe(1);
    const imp = forest.featureImportance();
    imp[0] = 42;
    expect(forest.featureImportance()[0]).not.toBe(42);
  });
});

describe('RandomForest and DecisionTree refusals', () => {
  it('refuses bad parameters with what was given', () => {
    expect(() => new RandomForest({ nTrees: 0 })).toThrow('nTrees must be a positive integer, got 0.');
    expect(() => new RandomForest({ nTrees: 2.5 })).toThrow('nTrees must be a positive integer, got 2.5.');
    expect(() => new RandomForest({ maxFeatures: 0 })).toThrow('maxFeatures as a fraction must be in (0, 1], got 0.');
    expect(() => new RandomForest({ maxFeatures: 1.2 })).toThrow('maxFeatures as a fraction must be in (0, 1], got 1.2.');
    expect(new RandomForest({ nTrees: 1, maxFeatures: 1 }).params).toMatchObject({ nTrees: 1, maxFeatures: 1, bootstrap: true });
    expect(() => new DecisionTree({ maxDepth: 0 })).toThrow('maxDepth must be at least 1, got 0.');
    expect(() => new DecisionTree({ minSamplesSplit: 1 })).toThrow('minSamplesSplit must be at least 2, got 1.');
    expect(() => new DecisionTree({ minSamplesLeaf: 0 })).toThrow('minSamplesLeaf must be at least 1, got 0.');
    expect(new DecisionTree({ maxDepth: 1, minSamplesSplit: 2, minSamplesLeaf: 1 }).params).toEqual({
      criterion: null, maxDepth: 1, minSamplesSplit: 2, minSamplesLeaf: 1, maxBins: 256,
    });
    expect(new RandomForest().params).toEqual({
      criterion: null, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxBins: 256, nTrees: 100, maxFeatures: null, bootstrap: true,
    });
  });

  it('refuses a criterion for the other task', () => {
    const reg = new DecisionTree({ criterion: 'gini' });
    expect(() => reg.fit(diabetes.X, diabetes.y, { task: 'regression', nClasses: 1, seed: 0 })).toThrow('Regression trees use squared_error, not gini.');
    const cls = new RandomForest({ criterion: 'squared_error', nTrees: 1 });
    expect(() => cls.fit(X, y, { task: 'binary', nClasses: 2, seed: 0 })).toThrow('Classification trees use gini or entropy.');
  });

  it('refuses y of another length, prediction before fitting or on another width, and another model’s JSON', () => {
    for (const m of [new DecisionTree(), new RandomForest({ nTrees: 1 })]) {
      expect(() => m.fit(X, y.subarray(1), { task: 'binary', nClasses: 2, seed: 0 })).toThrow('X has 300 rows but y has 299.');
      expect(() => m.predict(X)).toThrow(/has not been fitted/);
      m.fit(X, y, { task: 'binary', nClasses: 2, seed: 0 });
      expect(() => m.predict(matrix(1, 2))).toThrow(`The model was fitted on ${X.cols} features, X has 2.`);
    }
    expect(() => new DecisionTree().toJSON()).toThrow('The tree has not been fitted.');
    expect(() => new RandomForest().predict(X)).toThrow('The forest has not been fitted.');
    expect(() => RandomForest.fromJSON({ type: 'tree' })).toThrow('Not a random forest: tree.');
    expect(() => DecisionTree.fromJSON({ type: 'rf' })).toThrow('Not a decision tree: rf.');
  });
});
