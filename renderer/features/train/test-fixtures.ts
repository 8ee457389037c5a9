import { resolveTrainSpec, type TrainPlots, type TrainRunSummary } from '../../../preload/contract/train';

/** Test data only: a finished binary run with five folds, overridable field by field. */
export function makeRun(runId: number, extra: Partial<TrainRunSummary> = {}): TrainRunSummary {
  const spec = resolveTrainSpec({ datasetId: 1, target: 'churn', model: 'gbdt' });
  return {
    runId,
    status: 'succeeded',
    spec,
    datasetName: 'customers',
    task: 'binary',
    validation: { kind: 'stratified', k: 5 },
    classes: ['no', 'yes'],
    features: ['age', 'plan', 'tenure'],
    excluded: [{ column: 'customer_id', reason: 'id-like: every value is unique' }],
    lint: [],
    metrics: {
      roc_auc: { mean: 0.9, std: 0.02, folds: [0.88, 0.9, 0.92, 0.89, 0.91] },
      f1: { mean: 0.7, std: 0.05, folds: [0.65, 0.7, 0.75, null, 0.7] },
      log_loss: { mean: 0.35, std: 0.03, folds: [0.33, 0.36, 0.34, 0.38, 0.34] },
    },
    test: { roc_auc: 0.91, f1: 0.72 },
    threshold: 0.42,
    folds: [0, 1, 2, 3, 4].map((fold) => ({
      fold,
      status: 'succeeded',
      trainRows: 800,
      validationRows: 200,
      seconds: 1.2,
      metrics: { roc_auc: 0.9 },
      error: null,
    })),
    warnings: [],
    params: {},
    createdAt: '2026-01-01T00:00:00Z',
    seconds: 12.5,
    error: null,
    ...extra,
  };
}

export const emptyPlots: TrainPlots = {
  roc: [],
  pr: [],
  calibration: [],
  thresholds: [],
  confusion: null,
  importance: [],
  residuals: null,
  learningCurve: null,
  pca: null,
};
