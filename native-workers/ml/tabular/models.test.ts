import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelKinds, type ModelKind, type ParamValue, type Task } from '../../../preload/contract/train';
import { matrix } from './matrix';
import { createModel, loadModel } from './models';
import { rng } from './rng';

describe('every learner by kind: built from snake_case params, restored from JSON', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const r = rng(11);
  const n = 120;
  const p = 4;
  const X = matrix(n, p, Float64Array.from({ length: n * p }, () => r.normal()));
  const three = Float64Array.from({ length: n }, (_, i) => (X.data[i * p]! > 0.5 ? 2 : X.data[i * p]! > -0.5 ? 1 : 0));
  const value = Float64Array.from({ length: n }, (_, i) => 2 * X.data[i * p]! - X.data[i * p + 2]! + 0.1 * r.normal());
  const params: Partial<Record<ModelKind, Record<string, ParamValue>>> = {
    gbdt: { n_rounds: 20, max_depth: 3 },
    rf: { n_trees: 10 },
    lasso: { alpha: 0.1 },
    knn: { weights: 'distance' },
    mlp: { epochs: 3, hidden: '8' },
  };
  const classifies: readonly ModelKind[] = ['gbdt', 'rf', 'tree', 'logreg', 'svm', 'knn', 'mlp'];
  for (const kind of modelKinds) {
    const task: Task = classifies.includes(kind) && kind !== 'knn' ? 'multiclass' : 'regression';
    it(`${kind} (${task}): JSON text round trip predicts identically`, async () => {
      const m = createModel(kind, task, params[kind] ?? {});
      await m.fit(X, task === 'regression' ? value : three, { task, nClasses: task === 'regression' ? 1 : 3, seed: 3 });
      const back = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
      expect(back.type).toBe(kind);
      expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
    });
  }

  it('refuses unknown parameters, learners that do not suit the task, and unknown stored types', () => {
    expect(() => createModel('gbdt', 'binary', { depth: 3 })).toThrow(/no parameter "depth".*max_depth/);
    expect(() => createModel('ridge', 'binary', {})).toThrow(/predicts numbers/);
    expect(() => createModel('logreg', 'regression', {})).toThrow(/predicts classes/);
    expect(() => createModel('mlp', 'binary', { hidden: '64,zero' })).toThrow(/layer sizes/);
    expect(() => loadModel({ type: 'forest' })).toThrow('Unknown model type');
  });
});
