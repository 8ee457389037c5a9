// How createModel hands parameters to each learner: snake_case to camelCase, loop parameters held back,
// the MLP's layer list, the exact refusals per kind.
import { describe, expect, it } from 'vitest';
import { KNearestNeighbours } from './knn/knn';
import { matrix } from './matrix';
import { Mlp } from './mlp/mlp';
import { checkParams, createModel } from './models';
import { DecisionTree } from './trees';

describe('createModel parameters', () => {
  it('snake_case reaches the learner as camelCase; loop parameters are accepted but not passed on', async () => {
    const knn = createModel('knn', 'binary', { k: 7, weights: 'distance', early_stopping: true, device: 'cpu' });
    expect(knn).toBeInstanceOf(KNearestNeighbours);
    expect([(knn as KNearestNeighbours).k, (knn as KNearestNeighbours).weights]).toEqual([7, 'distance']);
    // max_depth 1 must reach the tree as maxDepth: one split, two distinct predictions instead of eight.
    const tree = createModel('tree', 'regression', { max_depth: 1 });
    expect(tree).toBeInstanceOf(DecisionTree);
    await tree.fit(matrix(8, 1, Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7])), Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]), { task: 'regression', nClasses: 1, seed: 0 });
    expect(new Set(tree.predict(matrix(8, 1, Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7])))).size).toBe(2);
  });

  it('the MLP takes hidden layers as "64,32", "64x32", "64 32" or one number', () => {
    for (const hidden of ['64,32', '64x32', '64 32', ' 64, 32 ']) expect((createModel('mlp', 'binary', { hidden }) as Mlp).hidden, hidden).toEqual([64, 32]);
    expect((createModel('mlp', 'binary', { hidden: 16 }) as Mlp).hidden).toEqual([16]);
    expect((createModel('mlp', 'binary', {}) as Mlp).hidden).toEqual([64, 32]);
    expect(() => createModel('mlp', 'binary', { hidden: '8,0' })).toThrow('hidden takes layer sizes such as 64,32, not 8,0.');
    expect(() => createModel('mlp', 'binary', { hidden: '8,1.5' })).toThrow('hidden takes layer sizes such as 64,32, not 8,1.5.');
  });

  it('names every unknown parameter and what the kind takes, or that it takes none', () => {
    expect(() => checkParams('knn', { k: 3, kk: 1, w: 2 })).toThrow('knn has no parameter "kk", "w"; it takes k, weights.');
    expect(() => checkParams('linear', { alpha: 1 })).toThrow('linear has no parameter "alpha"; it takes none.');
    expect(() => checkParams('gbdt', { early_stopping: true, device: 'gpu' })).not.toThrow();
  });

  it('each learner refuses the wrong kind of target with what to choose instead', () => {
    expect(() => createModel('svm', 'regression', {})).toThrow('The linear SVM predicts classes, but this target is numeric (regression). Choose ridge or lasso regression.');
    expect(() => createModel('logreg', 'regression', {})).toThrow('Logistic regression predicts classes, but this target is numeric (regression). Choose linear, ridge or lasso regression.');
    expect(() => createModel('linear', 'multiclass', {})).toThrow('Linear regression predicts numbers, but this target has classes. Choose logistic regression.');
    expect(() => createModel('ridge', 'binary', {})).toThrow('Ridge regression predicts numbers, but this target has classes. Choose logistic regression.');
    expect(() => createModel('lasso', 'binary', {})).toThrow('Lasso regression predicts numbers, but this target has classes. Choose logistic regression (penalty l1).');
    for (const kind of ['linear', 'ridge', 'lasso'] as const) expect(createModel(kind, 'regression', {}).type).toBe(kind);
    for (const kind of ['logreg', 'svm'] as const) expect(createModel(kind, 'binary', {}).type).toBe(kind);
  });
});
