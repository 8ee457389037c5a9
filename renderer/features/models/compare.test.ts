import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '../../../preload/contract/registry';
import { makeRun } from '../train/test-fixtures';
import { compareRows, defaultModelName, headlineMetrics, metricOrder, nameProblem, schemaDiff } from './compare';

function version(v: number, extra: Partial<ModelVersion> = {}): ModelVersion {
  return {
    name: 'churn-churn',
    version: v,
    runId: v + 10,
    stage: 'none',
    createdAt: '2026-11-26T14:00:00.000Z',
    task: 'binary',
    model: 'gbdt',
    target: 'churn',
    classes: ['no', 'yes'],
    inputSchema: [
      { name: 'age', kind: 'numeric' },
      { name: 'plan', kind: 'categorical' },
    ],
    metrics: { log_loss: { mean: 0.35, std: 0.03, folds: [] }, roc_auc: { mean: 0.9, std: 0.02, folds: [] } },
    test: { roc_auc: 0.91 },
    lineage: { datasetId: 1, datasetName: 'churn', source: '/data/churn.csv', sha256: 'ab'.repeat(32) },
    card: { intendedUse: '', data: '', metrics: '', limits: '' },
    ...extra,
  };
}

describe('comparing two versions', () => {
  it('orders metrics main-first and marks the rows that differ', () => {
    const a = version(1);
    const b = version(2, {
      model: 'tree',
      stage: 'production',
      metrics: { roc_auc: { mean: 0.92, std: 0.01, folds: [] }, f1: { mean: 0.7, std: 0.05, folds: [] }, log_loss: { mean: 0.35, std: 0.03, folds: [] } },
      inputSchema: [
        { name: 'age', kind: 'numeric' },
        { name: 'plan', kind: 'numeric' },
        { name: 'tenure', kind: 'numeric' },
      ],
    });
    expect(metricOrder(a, b)).toEqual(['roc_auc', 'f1', 'log_loss']);
    const rows = compareRows(a, b);
    const get = (label: string) => rows.find((r) => r.label === label);
    expect(get('Model kind')).toMatchObject({ a: 'Gradient boosting', differs: true });
    expect(get('Version')).toMatchObject({ a: 'v1', b: 'v2', differs: false });
    expect(get('Stage')).toMatchObject({ a: 'none', b: 'production', differs: true });
    expect(rows.filter((r) => r.section === 'Cross-validated').map((r) => [r.label, r.a, r.b, r.differs])).toEqual([
      ['ROC AUC', '0.900 ± 0.020', '0.920 ± 0.010', true],
      ['F1', '—', '0.700 ± 0.050', true],
      ['Log loss', '0.350 ± 0.030', '0.350 ± 0.030', false],
    ]);
    expect(rows.find((r) => r.section === 'Test split')).toMatchObject({ label: 'ROC AUC', a: '0.910', b: '0.910', differs: false });
    expect(get('Only in one')).toMatchObject({ a: '—', b: 'tenure', differs: true });
    expect(get('Kind changed')?.a).toBe('plan (categorical → numeric)');
    expect(get('sha256')).toMatchObject({ a: 'abababababababab', differs: false });
    // Without the runs, no parameter rows.
    expect(rows.some((r) => r.section === 'Parameters')).toBe(false);
  });

  it('adds parameters and preprocessing from the runs when known', () => {
    const runA = makeRun(11, { params: { max_depth: 3 } });
    const runB = makeRun(12, { params: { max_depth: 6, learning_rate: 0.1 } });
    const rows = compareRows(version(1), version(2), runA, runB).filter((r) => r.section === 'Parameters');
    expect(rows.map((r) => [r.label, r.a, r.b])).toEqual([
      ['learning_rate', '—', '0.1'],
      ['max_depth', '3', '6'],
      ['Preprocessing', 'standard scaling, onehot, median impute', 'standard scaling, onehot, median impute'],
      ['Imbalance', 'none', 'none'],
      ['Seed', '42', '42'],
    ]);
  });

  it('diffs input schemas', () => {
    expect(schemaDiff([{ name: 'a', kind: 'numeric' }], [{ name: 'b', kind: 'numeric' }])).toEqual({ onlyA: ['a'], onlyB: ['b'], kindChanged: [], shared: 0 });
  });

  it('headline metrics follow the task', () => {
    expect(headlineMetrics(version(1))).toEqual(['roc_auc', 'log_loss']);
    expect(headlineMetrics(version(1, { task: 'regression', metrics: { r2: { mean: 1, std: 0, folds: [] }, rmse: { mean: 1, std: 0, folds: [] } } }))).toEqual(['rmse', 'r2']);
  });
});

describe('model names', () => {
  it('proposes dataset-target, cleaned to what the registry accepts', () => {
    expect(defaultModelName('churn', 'churn')).toBe('churn-churn');
    expect(defaultModelName('mlc churn (2024)', 'Churn?')).toBe('mlc-churn-2024-Churn');
    expect(defaultModelName('__x', '')).toBe('x');
    expect(defaultModelName('', '')).toBe('model');
    for (const n of ['churn-churn', 'mlc-churn-2024-Churn']) expect(nameProblem(n)).toBeNull();
  });

  it('says why a name would be refused', () => {
    expect(nameProblem('  ')).toMatch(/name/);
    expect(nameProblem('has space')).toMatch(/letters, digits/);
    expect(nameProblem('-x')).toMatch(/starting with a letter/);
  });
});
