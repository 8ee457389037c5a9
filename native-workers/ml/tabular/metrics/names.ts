/**
 * Metric names in the order a CLI or table prints them (a report holds those that are defined).
 * Direction and threshold dependence are declared once, in preload/contract/metrics.ts.
 */

export const BINARY_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'roc_auc',
  'pr_auc',
  'log_loss',
  'brier',
  'mcc',
] as const;

export const MULTICLASS_METRICS = BINARY_METRICS.filter((m) => m !== 'precision' && m !== 'recall' && m !== 'f1');

export const REGRESSION_METRICS = ['mse', 'rmse', 'mae', 'mape', 'r2'] as const;

/** Metrics where smaller is better (for sorting runs and picking the best fold). */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['log_loss', 'brier', 'mse', 'rmse', 'mae', 'mape']);
