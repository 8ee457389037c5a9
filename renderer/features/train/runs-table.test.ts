import { describe, expect, it } from 'vitest';
import { validationShort, formatDuration, formatNumber, latestRunFor, naturalDir, orderedMetrics, sortRuns, tableMetrics, validationText } from './runs-table';
import { makeRun } from './test-fixtures';

const auc = (mean: number) => ({ roc_auc: { mean, std: 0, folds: [] } });

describe('runs table', () => {
  const runs = [
    makeRun(1, { metrics: auc(0.8), seconds: 30 }),
    makeRun(2, { metrics: auc(0.95), seconds: 10, spec: { ...makeRun(0).spec, model: 'rf' } }),
    makeRun(3, { metrics: {}, status: 'running', seconds: null }),
    makeRun(4, { metrics: auc(0.9), seconds: 20, spec: { ...makeRun(0).spec, model: 'logreg' } }),
  ];
  const ids = (key: Parameters<typeof sortRuns>[1]['key'], dir: 'asc' | 'desc') => sortRuns(runs, { key, dir }).map((r) => r.runId);

  it('sorts by metric with runs lacking it last in both directions', () => {
    expect(ids('metric:roc_auc', 'desc')).toEqual([2, 4, 1, 3]);
    expect(ids('metric:roc_auc', 'asc')).toEqual([1, 4, 2, 3]);
  });

  it('sorts by text and number columns, ties newest first', () => {
    expect(ids('model', 'asc')).toEqual([3, 1, 4, 2]);
    expect(ids('seconds', 'asc')).toEqual([2, 4, 1, 3]);
    expect(ids('runId', 'desc')).toEqual([4, 3, 2, 1]);
  });

  it('starts metric columns at their better end', () => {
    expect(naturalDir('metric:rmse')).toBe('asc');
    expect(naturalDir('metric:roc_auc')).toBe('desc');
    expect(naturalDir('model')).toBe('asc');
  });

  it('picks table metrics per task present and orders a run’s metrics main first', () => {
    expect(tableMetrics([makeRun(1)])).toEqual(['roc_auc', 'f1', 'accuracy', 'balanced_accuracy']);
    expect(tableMetrics([makeRun(1), makeRun(2, { task: 'regression' })])).toEqual(['roc_auc', 'rmse', 'f1', 'mae']);
    expect(tableMetrics([makeRun(1), makeRun(2, { task: 'regression' }), makeRun(3, { task: 'multiclass' })])).toEqual(['roc_auc', 'accuracy', 'rmse', 'f1']);
    expect(orderedMetrics(makeRun(1))).toEqual(['roc_auc', 'f1', 'log_loss']);
  });

  it('formats numbers, durations and validation', () => {
    expect(formatNumber(0.91234)).toBe('0.912');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(4.25)).toBe('4.3 s');
    expect(validationText({ kind: 'repeated', k: 5, repeats: 3 }, {})).toBe('Repeated k-fold 5×3');
    expect(validationText(null, {})).toBe('default');
    expect(validationShort({ kind: 'stratified', k: 10 }, {})).toBe('stratified 10-fold');
    expect(validationShort(null, { k: 3 })).toBe('3-fold');
    expect(validationText({ kind: 'holdout', k: 5, fraction: 0.25 }, {})).toBe('Holdout 25 %');
  });

  it('finds the newest run of a dataset and target for the excluded-column notes', () => {
    const byId = { 1: makeRun(1), 2: makeRun(2), 5: makeRun(5, { spec: { ...makeRun(0).spec, target: 'other' } }) };
    expect(latestRunFor(byId, 1, 'churn')?.runId).toBe(2);
    expect(latestRunFor(byId, 1, '')).toBeUndefined();
    expect(latestRunFor(byId, 9, 'churn')).toBeUndefined();
  });
});
