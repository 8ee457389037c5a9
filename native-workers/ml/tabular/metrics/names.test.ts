import { describe, expect, it } from 'vitest';
import { metricDefinition, metricDefinitions } from '../../../../preload/contract/metrics';
import { classificationMetrics } from './classification';
import { BINARY_METRICS, MULTICLASS_METRICS, REGRESSION_METRICS } from './names';
import { regressionMetrics } from './regression';

describe('every metric the trainer emits is declared once, with its direction (#14.3)', () => {
  // Computed inside the test, not while collecting: code a test file runs at collection counts as
  // "static" for Stryker, which then re-runs every test of the folder for each of its mutants.
  it('every emitted or listed metric has a direction and a threshold dependence', () => {
    const y = [0, 1, 1, 0, 1, 0, 1, 1];
    const s = [0.1, 0.8, 0.6, 0.3, 0.4, 0.7, 0.9, 0.55];
    const emitted = new Set([
      ...Object.keys(classificationMetrics(y, s.flatMap((v) => [1 - v, v]), 2).metrics),
      ...Object.keys(classificationMetrics([0, 1, 2, 1], [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6, 0.3, 0.4, 0.3], 3).metrics),
      ...Object.keys(regressionMetrics([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.7]).metrics),
      ...BINARY_METRICS,
      ...MULTICLASS_METRICS,
      ...REGRESSION_METRICS,
    ]);
    expect(emitted.size).toBeGreaterThan(REGRESSION_METRICS.length + BINARY_METRICS.length - 1);
    for (const name of emitted) {
      const d = metricDefinition(name);
      expect(d, `${name} is missing from preload/contract/metrics.ts`).toBeDefined();
      expect(['higher', 'lower'], name).toContain(d!.direction);
    }
  });

  it('losses and errors are "lower"; decisions-based scores depend on the threshold, curve areas and losses do not', () => {
    const lower = metricDefinitions.filter((d) => d.direction === 'lower').map((d) => d.name).sort();
    expect(lower).toEqual(['brier', 'log_loss', 'mae', 'mape', 'mse', 'rmse']);
    expect(metricDefinitions.filter((d) => !d.thresholdDependent && ['roc_auc', 'pr_auc', 'log_loss', 'brier'].includes(d.name))).toHaveLength(4);
    for (const name of ['f1_weighted', 'precision_macro', 'recall_weighted', 'accuracy', 'mcc']) expect(metricDefinition(name)).toMatchObject({ direction: 'higher', thresholdDependent: true });
    expect(new Set(metricDefinitions.map((d) => d.name)).size).toBe(metricDefinitions.length);
  });
});
