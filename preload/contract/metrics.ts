/**
 * Every metric a tabular run reports, declared once: which way is better,
 * and whether its value depends on the decision threshold. The
 * trainer, the run view's charts, the runs table's sorting and the CLI all
 * read this table, so a metric cannot be a "loss" in one place and a "score"
 * in another (issue #14.3). A metric the trainer emits without an entry here
 * fails `metrics.test.ts`.
 */

export interface MetricDefinition {
  /** snake_case, as the run JSON and the CLI print it. */
  readonly name: string;
  readonly label: string;
  readonly direction: 'higher' | 'lower';
  /** Computed from class decisions (probability ≥ threshold), so it moves with the threshold. */
  readonly thresholdDependent: boolean;
}

const def = (name: string, label: string, direction: MetricDefinition['direction'], thresholdDependent: boolean): MetricDefinition => ({ name, label, direction, thresholdDependent });

export const metricDefinitions: readonly MetricDefinition[] = [
  def('accuracy', 'Accuracy', 'higher', true),
  def('balanced_accuracy', 'Balanced accuracy', 'higher', true),
  def('precision', 'Precision', 'higher', true),
  def('recall', 'Recall', 'higher', true),
  def('f1', 'F1', 'higher', true),
  def('precision_macro', 'Precision (macro)', 'higher', true),
  def('recall_macro', 'Recall (macro)', 'higher', true),
  def('f1_macro', 'F1 (macro)', 'higher', true),
  def('precision_weighted', 'Precision (weighted)', 'higher', true),
  def('recall_weighted', 'Recall (weighted)', 'higher', true),
  def('f1_weighted', 'F1 (weighted)', 'higher', true),
  def('mcc', 'MCC', 'higher', true),
  def('roc_auc', 'ROC AUC', 'higher', false),
  def('pr_auc', 'PR AUC', 'higher', false),
  def('log_loss', 'Log loss', 'lower', false),
  def('brier', 'Brier score', 'lower', false),
  def('mse', 'MSE', 'lower', false),
  def('rmse', 'RMSE', 'lower', false),
  def('mae', 'MAE', 'lower', false),
  def('mape', 'MAPE', 'lower', false),
  def('r2', 'R²', 'higher', false),
];

const byName = new Map(metricDefinitions.map((d) => [d.name, d]));

export function metricDefinition(name: string): MetricDefinition | undefined {
  return byName.get(name);
}

export function lowerIsBetter(name: string): boolean {
  return byName.get(name)?.direction === 'lower';
}

/** Multiclass decisions are the most probable class, so no threshold enters there; binary decisions use the run's threshold. */
export function isThresholdDependent(name: string): boolean {
  return byName.get(name)?.thresholdDependent === true;
}

export function metricLabel(name: string): string {
  return byName.get(name)?.label ?? name.replace(/_/g, ' ');
}
