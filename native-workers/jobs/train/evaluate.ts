import type { Task } from '../../../preload/contract/train';
import { lowerIsBetter } from '../../../preload/contract/metrics';
import { classificationMetrics, regressionMetrics } from '../../ml/tabular/metrics';

export interface Scored {
  readonly metrics: Record<string, number>;
  /** Why a metric is missing (e.g. a fold with one class has no ROC-AUC), for the run's warnings. */
  readonly warnings: readonly string[];
  readonly confusion: number[][] | null;
}

/** Metrics of predictions against the truth: probabilities (rows × K) for classification, values for regression. */
export function score(task: Task, yTrue: Float64Array, predictions: Float64Array, classes: readonly string[] | null, threshold?: number): Scored {
  if (task === 'regression') {
    const r = regressionMetrics(yTrue, predictions);
    return { metrics: r.metrics, warnings: r.warnings.map((w) => `${w.metric}: ${w.message}`), confusion: null };
  }
  const K = classes!.length;
  const r = classificationMetrics(yTrue, predictions, K, { classNames: classes!, ...(threshold !== undefined ? { threshold } : {}) });
  return { metrics: r.metrics, warnings: r.warnings.map((w) => `${w.metric}: ${w.message}`), confusion: r.confusion };
}

/** The metric nested search optimises and plots lead with; `higher` (from the metric table) says which way is better. */
export function mainMetric(task: Task): { name: string; higher: boolean } {
  const name = task === 'binary' ? 'roc_auc' : task === 'multiclass' ? 'accuracy' : 'rmse';
  return { name, higher: !lowerIsBetter(name) };
}
