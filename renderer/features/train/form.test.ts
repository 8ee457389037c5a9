import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../preload/contract';
import { classifierKinds, regressorKinds } from '../../../preload/contract/train';
import { buildSpec, draftForDataset, emptyDraft, fitToTask, gpuHint, guessTask, isChecked, modelsFor, toggleFeature, validationKindsFor, withTarget, type TrainDraft } from './form';

const columns: ColumnInfo[] = [
  { name: 'id', type: 'integer' },
  { name: 'age', type: 'number' },
  { name: 'plan', type: 'text' },
  { name: 'label', type: 'boolean' },
];

const ready = (extra: Partial<TrainDraft> = {}): TrainDraft => ({ ...draftForDataset(emptyDraft, 7, columns), ...extra });

describe('train form', () => {
  it('preselects a target named like one and resets columns for a new dataset', () => {
    const d = draftForDataset({ ...emptyDraft, features: ['x'], groupColumn: 'g', model: 'rf' }, 7, columns);
    expect(d).toMatchObject({ datasetId: 7, target: 'label', features: null, groupColumn: '', model: 'rf' });
    expect(draftForDataset(emptyDraft, 1, [{ name: 'a', type: 'number' }]).target).toBe('');
  });

  it('offers only the models valid for the task', () => {
    expect(modelsFor('binary')).toEqual(classifierKinds);
    expect(modelsFor('regression')).toEqual(regressorKinds);
    expect(modelsFor(null)).toEqual(['gbdt', 'rf', 'tree', 'knn', 'mlp']);
    expect(modelsFor('multiclass')).not.toContain('ridge');
    expect(validationKindsFor('regression')).not.toContain('stratified');
  });

  it('guesses the task from the target type and distinct count', () => {
    expect(guessTask('boolean', null)).toBe('binary');
    expect(guessTask('text', 5)).toBe('multiclass');
    expect(guessTask('text', null)).toBe('classification');
    expect(modelsFor('classification')).toEqual(classifierKinds);
    expect(guessTask('integer', 2)).toBe('binary');
    expect(guessTask('integer', 40)).toBeNull();
    expect(guessTask('number', null)).toBe('regression');
    expect(guessTask(undefined, null)).toBeNull();
  });

  it('keeps model, validation and imbalance valid when the task changes', () => {
    const d = fitToTask({ ...emptyDraft, model: 'logreg', validation: 'stratified', imbalance: 'smote' }, 'regression');
    expect(d).toMatchObject({ model: 'gbdt', validation: 'auto', imbalance: 'none' });
    const same = { ...emptyDraft, model: 'ridge' as const };
    expect(fitToTask(same, 'regression')).toBe(same);
  });

  it('turns the default feature set into an explicit list on the first untick', () => {
    let d = ready();
    expect(isChecked(d, 'age')).toBe(true);
    d = toggleFeature(d, columns, 'age');
    expect(d.features).toEqual(['id', 'plan']);
    d = toggleFeature(d, columns, 'age');
    expect(d.features).toEqual(['id', 'age', 'plan']);
    // A new target leaves the list.
    expect(withTarget(d, 'plan').features).toEqual(['id', 'age']);
  });

  it('builds the spec with defaults left to the host', () => {
    const r = buildSpec(ready(), columns, 'binary');
    expect(r).toEqual({
      ok: true,
      spec: {
        datasetId: 7,
        target: 'label',
        task: 'auto',
        model: 'gbdt',
        validation: { k: 5 },
        testSize: 0.2,
        imbalance: 'none',
        preprocess: { scaling: 'standard', pca: null },
        threshold: 'max_f1',
        seed: 42,
      },
    });
  });

  it('builds explicit validation, PCA and features; no imbalance for regression', () => {
    const d = ready({ target: 'age', features: ['plan'], task: 'regression', model: 'ridge', validation: 'group', groupColumn: 'id', pca: 'variance', pcaVariance: '0.9', k: '3' });
    const r = buildSpec(d, columns, 'regression');
    expect(r.ok && r.spec).toMatchObject({ features: ['plan'], validation: { kind: 'group', k: 3, groupColumn: 'id' }, preprocess: { pca: { variance: 0.9 } } });
    expect(r.ok && 'imbalance' in r.spec).toBe(false);
    const holdout = buildSpec(ready({ validation: 'holdout', fraction: '0.25' }), columns, 'binary');
    expect(holdout.ok && holdout.spec.validation).toEqual({ kind: 'holdout', fraction: 0.25 });
    const repeated = buildSpec(ready({ validation: 'repeated', repeats: '2' }), columns, 'binary');
    expect(repeated.ok && repeated.spec.validation).toEqual({ kind: 'repeated', k: 5, repeats: 2 });
  });

  it('says why there is no spec yet', () => {
    const reason = (d: TrainDraft, task: 'binary' | 'regression' = 'binary'): string => {
      const r = buildSpec(d, columns, task);
      return r.ok ? '' : r.reason;
    };
    expect(reason(emptyDraft)).toMatch(/dataset/);
    expect(reason(ready({ target: '' }))).toMatch(/target/);
    expect(reason(ready({ features: [] }))).toMatch(/feature/);
    expect(reason(ready({ k: '1' }))).toMatch(/folds/);
    expect(reason(ready({ validation: 'group' }))).toMatch(/group column/);
    expect(reason(ready({ testSize: 'abc' }))).toMatch(/Test size/);
    expect(reason(ready({ pca: 'k', pcaK: '0' }))).toMatch(/PCA/);
    expect(reason(ready({ seed: '-1' }))).toMatch(/seed/);
    expect(reason(ready({ model: 'logreg' }), 'regression')).toMatch(/model/);
  });
});

describe('train form: parameters, tuning and threshold', () => {
  it('turns typed parameters into the spec, with numbers and booleans as such', () => {
    const r = buildSpec(ready({ model: 'gbdt', params: 'max_depth=4; learning_rate=0.05\nearly_stopping=true' }), columns, 'binary');
    expect(r.ok && r.spec.params).toEqual({ max_depth: 4, learning_rate: 0.05, early_stopping: true });
  });

  it('sends the training device as gbdt\'s device parameter (cpu, the default, is not sent); a clashing typed device is refused (#18)', () => {
    const gpu = buildSpec(ready({ model: 'gbdt', device: 'gpu', params: 'max_depth=4' }), columns, 'binary');
    expect(gpu.ok && gpu.spec.params).toEqual({ max_depth: 4, device: 'gpu' });
    const cpu = buildSpec(ready({ model: 'gbdt', device: 'cpu' }), columns, 'binary');
    expect(cpu.ok && cpu.spec.params).toBeUndefined();
    // Another model keeps no device from an earlier gbdt choice.
    const tree = buildSpec(ready({ model: 'tree', device: 'auto' }), columns, 'binary');
    expect(tree.ok && tree.spec.params).toBeUndefined();
    const clash = buildSpec(ready({ model: 'gbdt', device: 'auto', params: 'device=gpu' }), columns, 'binary');
    expect(!clash.ok && clash.reason).toMatch(/device=gpu and Training device says auto: remove one/);
  });

  it('says which GPU boosting would use, or why there is none', () => {
    expect(gpuHint(null)).toMatch(/Checking/);
    const adapter = { adapter: 'NVIDIA H100', software: false, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 31 };
    expect(gpuHint({ name: 'webgpu', reason: 'a GPU', tried: [{ name: 'tensorflow-gpu', error: 'not installed' }], gpu: adapter })).toBe('GPU: NVIDIA H100. Auto uses it for large tables.');
    const none = gpuHint({ name: 'wasm', reason: 'no GPU', tried: [{ name: 'webgpu', error: 'no adapter (Dawn found no Vulkan driver)' }] });
    expect(none).toBe('No GPU for training here (no adapter (Dawn found no Vulkan driver)): gpu fails and says why, auto trains on the CPU.');
  });

  it('refuses parameters the model does not take, naming what it takes', () => {
    const r = buildSpec(ready({ model: 'knn', params: 'depth=3' }), columns, 'binary');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/depth: not a parameter of this model \(it takes k, weights\)/);
    expect(buildSpec(ready({ params: 'max_depth' }), columns, 'binary')).toMatchObject({ ok: false });
  });

  it('builds grid and random searches from the candidate lists', () => {
    const grid = buildSpec(ready({ model: 'tree', search: 'grid', space: 'max_depth=2,4; criterion=gini,entropy' }), columns, 'binary');
    expect(grid.ok && grid.spec.search).toEqual({ kind: 'grid', space: { max_depth: [2, 4], criterion: ['gini', 'entropy'] } });
    const random = buildSpec(ready({ model: 'tree', search: 'random', space: 'max_depth=2,4,8', iterations: '2' }), columns, 'binary');
    expect(random.ok && random.spec.search).toEqual({ kind: 'random', space: { max_depth: [2, 4, 8] }, iterations: 2 });
    expect(buildSpec(ready({ search: 'grid', space: '' }), columns, 'binary')).toMatchObject({ ok: false });
  });

  it('sends a cost-ratio threshold for binary targets only', () => {
    const r = buildSpec(ready({ threshold: 'cost', costRatio: '5' }), columns, 'binary');
    expect(r.ok && r.spec.threshold).toEqual({ costRatio: 5 });
    expect(buildSpec(ready({ threshold: 'cost', costRatio: '-1' }), columns, 'binary')).toMatchObject({ ok: false });
    const multi = buildSpec(ready({ threshold: 'cost' }), columns, 'multiclass');
    expect(multi.ok && multi.spec.threshold).toBeUndefined();
  });

  it('sends the positive class the form shows: the default until the user picks another (#14.4)', () => {
    const classes = [
      { label: 'good', count: 950 },
      { label: 'bad', count: 50 },
    ];
    expect(buildSpec(ready(), columns, 'binary', classes)).toMatchObject({ ok: true, spec: { positive: 'bad' } });
    expect(buildSpec(ready({ positive: 'good' }), columns, 'binary', classes)).toMatchObject({ ok: true, spec: { positive: 'good' } });
    const multi = buildSpec(ready({ positive: 'good' }), columns, 'multiclass', classes);
    expect(multi.ok && 'positive' in multi.spec).toBe(false);
    // A new target forgets the pick.
    expect(withTarget(ready({ positive: 'good' }), 'other').positive).toBe('');
  });
});

