import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeRows, takeValues } from '../matrix';
import type { FitOptions } from '../model';
import { DecisionTree } from './cart';
import { channelsFor, fillRowValues, outputsFor } from './cart-common';
import { treeModelFromJSON } from './index';
import { numericDataset, type Dataset } from './fixtures/datasets';
import golden from './fixtures/cart-golden.json';
import { cases } from '../../../../main/host/testing';

const dataDir = path.resolve(__dirname, '../../../../../shared/data');

interface Golden {
  file: string;
  drop: string[];
  target: string;
  trainRows: number;
  params: { criterion: 'gini' | 'entropy' | 'squared_error'; maxDepth: number | null; minSamplesLeaf: number };
  proba1?: number[];
  prediction?: number[];
  importance: number[];
  nodes: number;
}

function load(g: Golden): Dataset {
  const text = fs.readFileSync(path.join(dataDir, g.file), 'utf8');
  return numericDataset(text, g.target, g.drop, (v) => (v === 'pos' ? 1 : v === 'neg' ? 0 : Number(v)));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('DecisionTree against scikit-learn (fixtures/make-cart-golden.py)', () => {
  for (const [name, g] of cases(Object.entries(golden as Record<string, Golden>), 'tree cases')) {
    it(`${name}: same tree, same predictions on training and held-out rows`, () => {
      const d = load(g);
      const train = range(g.trainRows);
      const tree = new DecisionTree({ criterion: g.params.criterion, maxDepth: g.params.maxDepth, minSamplesLeaf: g.params.minSamplesLeaf });
      const classification = g.proba1 !== undefined;
      tree.fit(takeRows(d.X, train), takeValues(d.y, train), {
        task: classification ? 'binary' : 'regression', nClasses: classification ? 2 : 1, seed: 0,
      });
      const p = tree.predict(d.X);
      const ours = classification ? range(d.X.rows).map((i) => p[2 * i + 1]!) : Array.from(p);
      const theirs = classification ? g.proba1! : g.prediction!;
      // Thresholds sit halfway between the values each node holds, as scikit-learn's do, so held-out rows agree too.
      for (let i = 0; i < d.X.rows; i++) expect(ours[i]).toBeCloseTo(theirs[i]!, 10);
      expect(tree.fitted!.feature.length).toBe(g.nodes);
      const imp = tree.featureImportance();
      g.importance.forEach((v, j) => expect(imp[j]).toBeCloseTo(v, 8));
    });
  }
});

describe('DecisionTree', () => {
  const g = (golden as Record<string, Golden>)['pima-gini-4-1']!;
  const d = load(g);

  it('round-trips through JSON and predicts identically', () => {
    const tree = new DecisionTree({ maxDepth: 8 });
    tree.fit(d.X, d.y, { task: 'binary', nClasses: 2, seed: 3 });
    const json = JSON.parse(JSON.stringify(tree.toJSON()));
    const back = treeModelFromJSON(json);
    expect(back).toBeInstanceOf(DecisionTree);
    expect(back.predict(d.X)).toEqual(tree.predict(d.X));
  });

  it('sends missing values the way it learned, or to the heavier side', () => {
    const X = { rows: 8, cols: 1, data: Float64Array.from([1, 2, 3, NaN, 10, 11, 12, NaN]) };
    const y = Float64Array.from([0, 0, 0, 1, 1, 1, 1, 1]);
    const tree = new DecisionTree();
    tree.fit(X, y, { task: 'binary', nClasses: 2, seed: 0 });
    const p = tree.predict({ rows: 3, cols: 1, data: Float64Array.from([NaN, 2, 11]) });
    expect(Array.from(p)).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('fits multiclass targets with rows of class probabilities', () => {
    const y = Float64Array.from(d.X.data.filter((_, i) => i % d.X.cols === 0), (preg) => Math.min(2, Math.floor(preg / 3)));
    const tree = new DecisionTree({ maxDepth: 4 });
    tree.fit(d.X, y, { task: 'multiclass', nClasses: 3, seed: 0 });
    const p = tree.predict(d.X);
    expect(p.length).toBe(d.X.rows * 3);
    for (let i = 0; i < d.X.rows; i++) expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 12);
    // pregnant is column 0 and determines the class.
    expect(tree.featureImportance()[0]).toBeCloseTo(1, 12);
  });
});

describe('DecisionTree options and bookkeeping', () => {
  const g = (golden as Record<string, Golden>)['pima-gini-4-1']!;
  const d = load(g);
  const fitTree = (params: ConstructorParameters<typeof DecisionTree>[0], opts: Partial<FitOptions> = {}, X = d.X, y = d.y): DecisionTree => {
    const tree = new DecisionTree(params);
    tree.fit(X, y, { task: 'binary', nClasses: 2, seed: 0, ...opts });
    return tree;
  };

  it('is a tree, gini by default for classification (scikit-learn’s default), not entropy', () => {
    const plain = fitTree({ maxDepth: 4 });
    expect(plain.type).toBe('tree');
    expect(plain.toJSON().tree).toEqual(fitTree({ maxDepth: 4, criterion: 'gini' }).toJSON().tree);
    expect(plain.toJSON().tree).not.toEqual(fitTree({ maxDepth: 4, criterion: 'entropy' }).toJSON().tree);
  });

  it('leaves zero-weight rows out, as if absent (also from the leaf counts and the thresholds between values)', () => {
    const w = Float64Array.from({ length: d.X.rows }, (_, i) => (i % 4 === 0 ? 0 : 1 + (i % 3)));
    const kept = range(d.X.rows).filter((i) => w[i]! > 0);
    const weighted = fitTree({ maxDepth: 5, minSamplesLeaf: 6 }, { sampleWeight: w });
    const subset = fitTree({ maxDepth: 5, minSamplesLeaf: 6 }, { sampleWeight: takeValues(w, kept) }, takeRows(d.X, kept), takeValues(d.y, kept));
    expect(weighted.toJSON().tree).toEqual(subset.toJSON().tree);
    expect(weighted.predict(d.X)).toEqual(subset.predict(d.X));
  });

  it('bins to maxBins: with 3 (two value bins and the missing bin), one threshold per feature', () => {
    const tree = fitTree({ maxDepth: 6, maxBins: 3 });
    const { feature, threshold } = tree.toJSON().tree;
    const byFeature = new Map<number, Set<number>>();
    feature.forEach((f, i) => f >= 0 && byFeature.set(f, (byFeature.get(f) ?? new Set()).add(threshold[i]!)));
    expect(byFeature.size).toBeGreaterThan(1);
    for (const [f, t] of byFeature) expect(t.size, `feature ${f}`).toBe(1);
  });

  it('fits regression with one output whatever nClasses the caller passes, and round-trips it', () => {
    const r = (golden as Record<string, Golden>)['diabetes-squared_error']!;
    const data = load(r);
    const tree = new DecisionTree({ maxDepth: 3 });
    tree.fit(data.X, data.y, { task: 'regression', nClasses: 3, seed: 0 });
    expect(tree.toJSON().nClasses).toBe(1);
    const p = tree.predict(data.X);
    expect(p.length).toBe(data.X.rows);
    const back = DecisionTree.fromJSON(JSON.parse(JSON.stringify(tree.toJSON())));
    expect(back.predict(data.X)).toEqual(p);
  });

  it('reports one checkpoint naming its node count, and hands out a copy of its importance', () => {
    const seen: string[] = [];
    const tree = fitTree({ maxDepth: 2 }, { checkpoint: (f, detail) => seen.push(`${f} ${detail}`) });
    expect(seen).toEqual([`1 ${tree.fitted!.feature.length} nodes`]);
    expect(tree.fitted!.feature.length).toBe(7);
    const imp = tree.featureImportance();
    imp[0] = 42;
    expect(tree.featureImportance()[0]).not.toBe(42);
  });
});

describe('cart-common', () => {
  it('outputs and channels per task: classes (+ a count) for classification, one value (w·y, w, count) for regression', () => {
    expect(outputsFor('regression', 3)).toBe(1);
    expect(outputsFor('multiclass', 3)).toBe(3);
    expect(channelsFor('regression', 3)).toBe(3);
    expect(channelsFor('binary', 2)).toBe(3);
    expect(channelsFor('multiclass', 4)).toBe(5);
  });

  it('fills per-row channels with the weights folded in', () => {
    const cls = new Float64Array(8).fill(9);
    fillRowValues('multiclass', 3, Float64Array.of(2, 0), Float64Array.of(0.5, 2), cls);
    expect(Array.from(cls)).toEqual([0, 0, 0.5, 1, 2, 0, 0, 1]);
    const reg = new Float64Array(6).fill(9);
    fillRowValues('regression', 1, Float64Array.of(4, -1), undefined, reg);
    expect(Array.from(reg)).toEqual([4, 1, 1, -1, 1, 1]);
    fillRowValues('regression', 1, Float64Array.of(4, -1), Float64Array.of(0.5, 3), reg);
    expect(Array.from(reg)).toEqual([2, 0.5, 1, -3, 3, 1]);
  });
});
