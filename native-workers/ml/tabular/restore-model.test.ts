import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KNearestNeighbours } from './knn/knn';
import { Lasso } from './linear/lasso';
import { LinearRegression } from './linear/linear-regression';
import { LogisticRegression } from './linear/logistic';
import { Ridge } from './linear/ridge';
import { LinearSvm } from './linear/svm';
import { matrix } from './matrix';
import type { FitOptions, Model } from './model';
import { Mlp } from './mlp/mlp';
import { restoreModel } from './restore-model';
import { rng } from './rng';

describe('restoreModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const r = rng(11);
  const n = 120, p = 4;
  const X = matrix(n, p, Float64Array.from({ length: n * p }, () => r.normal()));
  const cls = Float64Array.from({ length: n }, (_, i) => (X.data[i * p]! + 0.5 * X.data[i * p + 1]! > 0 ? 1 : 0));
  const three = Float64Array.from({ length: n }, (_, i) => (X.data[i * p]! > 0.5 ? 2 : X.data[i * p]! > -0.5 ? 1 : 0));
  const value = Float64Array.from({ length: n }, (_, i) => 2 * X.data[i * p]! - X.data[i * p + 2]! + 0.1 * r.normal());
  const binary: FitOptions = { task: 'binary', nClasses: 2, seed: 3 };
  const multi: FitOptions = { task: 'multiclass', nClasses: 3, seed: 3 };
  const regression: FitOptions = { task: 'regression', nClasses: 1, seed: 3 };
  const cases: [string, () => Model, Float64Array, FitOptions][] = [
    ['logreg', () => new LogisticRegression(), three, multi],
    ['logreg l1', () => new LogisticRegression({ penalty: 'l1' }), cls, binary],
    ['linear', () => new LinearRegression(), value, regression],
    ['ridge', () => new Ridge(), value, regression],
    ['lasso', () => new Lasso({ alpha: 0.1 }), value, regression],
    ['svm', () => new LinearSvm(), three, multi],
    ['knn', () => new KNearestNeighbours({ weights: 'distance' }), value, regression],
    ['mlp', () => new Mlp({ epochs: 3, hidden: [8] }), three, multi],
  ];
  for (const [name, make, y, opts] of cases) {
    it(`${name}: JSON text round trip predicts identically`, async () => {
      const m = make();
      await m.fit(X, y, opts);
      const back = restoreModel(JSON.parse(JSON.stringify(m.toJSON())));
      expect(back.type).toBe(m.type);
      expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
    });
  }

  it('refuses unknown types and bad labels', () => {
    expect(() => restoreModel({ type: 'forest' })).toThrow('Unknown model type');
    expect(() => new LogisticRegression().fit(X, Float64Array.from(cls, (v) => v * 2), binary)).toThrow('expected an index');
  });
});
