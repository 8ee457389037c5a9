/**
 * Tabular training: the spec a run is made from (UI, CLI and replay share it)
 * and what a run leaves in the project. Pure, JSON-safe types.
 */

export type Task = 'binary' | 'multiclass' | 'regression';
export type ModelKind = 'gbdt' | 'rf' | 'tree' | 'logreg' | 'linear' | 'ridge' | 'lasso' | 'svm' | 'knn' | 'mlp';
export type ValidationKind = 'holdout' | 'kfold' | 'stratified' | 'repeated' | 'group' | 'timeseries';
export type ImbalanceKind = 'none' | 'weights' | 'over' | 'under' | 'smote';
export type ParamValue = number | string | boolean;

export const modelKinds: readonly ModelKind[] = ['gbdt', 'rf', 'tree', 'logreg', 'linear', 'ridge', 'lasso', 'svm', 'knn', 'mlp'];
export const classifierKinds: readonly ModelKind[] = ['gbdt', 'rf', 'tree', 'logreg', 'svm', 'knn', 'mlp'];
export const regressorKinds: readonly ModelKind[] = ['gbdt', 'rf', 'tree', 'linear', 'ridge', 'lasso', 'knn', 'mlp'];

export const modelLabels: Readonly<Record<ModelKind, string>> = {
  gbdt: 'Gradient boosting',
  rf: 'Random forest',
  tree: 'Decision tree',
  logreg: 'Logistic regression',
  linear: 'Linear regression',
  ridge: 'Ridge regression',
  lasso: 'Lasso regression',
  svm: 'Linear SVM',
  knn: 'k-nearest neighbours',
  mlp: 'Neural network (MLP)',
};

/** The parameters each learner accepts (snake_case), so a typo fails before any work starts. */
export const modelParams: Readonly<Record<ModelKind, readonly string[]>> = {
  gbdt: ['n_rounds', 'max_depth', 'learning_rate', 'max_bins', 'min_child_weight', 'lambda', 'min_split_gain', 'subsample', 'colsample', 'n_iter_no_change'],
  rf: ['n_trees', 'max_depth', 'max_features', 'min_samples_split', 'min_samples_leaf', 'bootstrap', 'criterion', 'max_bins'],
  tree: ['max_depth', 'min_samples_split', 'min_samples_leaf', 'criterion', 'max_bins'],
  logreg: ['penalty', 'C', 'max_iter', 'tol'],
  linear: [],
  ridge: ['alpha'],
  lasso: ['alpha', 'max_iter', 'tol'],
  svm: ['C', 'max_iter', 'tol'],
  knn: ['k', 'weights'],
  mlp: ['hidden', 'epochs', 'batch_size', 'learning_rate', 'dropout', 'patience'],
};

/** A parameter value as typed (CLI --param, the form): true/false, a number, else the text. */
export function parseParamValue(raw: string): ParamValue {
  const t = raw.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/**
 * Run-level parameters the training loop consumes itself, not passed to a learner: gradient boosting's
 * early stopping, and `device` (gbdt: cpu, the default; gpu, WebGPU compute shaders; auto, the GPU for
 * large tables where a hardware adapter exists).
 */
export const loopParams: readonly string[] = ['early_stopping', 'device'];

export type TrainDevice = 'cpu' | 'gpu' | 'auto';
export const trainDevices: readonly TrainDevice[] = ['cpu', 'gpu', 'auto'];

export interface PreprocessOptions {
  readonly numericImpute: 'mean' | 'median' | 'constant';
  readonly categoricalImpute: 'mode' | 'constant';
  readonly encoding: 'onehot' | 'ordinal';
  /** Categories rarer than this fraction share one bucket. */
  readonly rareMinFrequency: number;
  readonly scaling: 'none' | 'standard' | 'minmax' | 'robust';
  /** Principal components: a count, or the smallest count reaching a variance fraction. */
  readonly pca: null | { readonly k: number } | { readonly variance: number };
}

export interface ValidationSpec {
  readonly kind: ValidationKind;
  /** Folds (k-fold kinds) or splits (time series). Default 5. */
  readonly k: number;
  /** Repeated k-fold only. Default 3. */
  readonly repeats?: number;
  /** Holdout only: the validation fraction of the training rows. Default 0.2. */
  readonly fraction?: number;
  /** Group k-fold: rows sharing this column's value stay in one fold. */
  readonly groupColumn?: string;
  /** Time-series split: rows are ordered by this column (row order when absent). */
  readonly timeColumn?: string;
}

export interface SearchSpec {
  readonly kind: 'grid' | 'random';
  /** Candidate values per model parameter. */
  readonly space: Readonly<Record<string, readonly ParamValue[]>>;
  /** Random search: how many combinations to try. Default 10. */
  readonly iterations?: number;
  /** Inner folds of the nested CV. Default 3. */
  readonly innerK?: number;
}

export type ThresholdRule = 'default' | 'max_f1' | { readonly costRatio: number };

/**
 * One training run. Everything but datasetId and target has a default (see
 * resolveTrainSpec): the same spec and seed give the same folds and metrics.
 */
export interface TrainSpec {
  readonly datasetId: number;
  readonly target: string;
  /** Feature columns; absent = every column but the target, minus id-like and constant ones. */
  readonly features?: readonly string[] | null;
  readonly task?: Task | 'auto';
  readonly model?: ModelKind;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly preprocess?: Partial<PreprocessOptions>;
  /** Default: stratified 5-fold for classification, 5-fold for regression. */
  readonly validation?: Partial<ValidationSpec>;
  /** Fraction of rows kept untouched for the final test. Default 0.2; 0 = no test split. */
  readonly testSize?: number;
  readonly imbalance?: ImbalanceKind;
  /** Binary only: how the decision threshold is chosen on validation folds. Default max_f1. */
  readonly threshold?: ThresholdRule;
  /** Binary only: the positive class's label. Absent: see defaultPositive (an event name, else the minority class). */
  readonly positive?: string | null;
  readonly search?: SearchSpec | null;
  readonly seed?: number;
  /**
   * Where the folds and search trials run: 'local' or a cluster executor's name (Settings → Compute);
   * absent: the default executor. Not part of the resolved spec: where a run computed does not change
   * what it computes, and a replay runs locally.
   */
  readonly executor?: string;
}

export interface ResolvedTrainSpec {
  readonly datasetId: number;
  readonly target: string;
  readonly features: readonly string[] | null;
  readonly task: Task | 'auto';
  readonly model: ModelKind;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly preprocess: PreprocessOptions;
  readonly validation: Partial<ValidationSpec>;
  readonly testSize: number;
  readonly imbalance: ImbalanceKind;
  readonly threshold: ThresholdRule;
  /** null: the default rule decides (the run's summary says what it decided). */
  readonly positive: string | null;
  readonly search: SearchSpec | null;
  readonly seed: number;
}

export const defaultPreprocess: PreprocessOptions = {
  numericImpute: 'median',
  categoricalImpute: 'constant',
  encoding: 'onehot',
  rareMinFrequency: 0.01,
  scaling: 'standard',
  pca: null,
};

/** Fills every default, so what is stored with a run says exactly what ran. */
export function resolveTrainSpec(spec: TrainSpec): ResolvedTrainSpec {
  return {
    datasetId: spec.datasetId,
    target: spec.target,
    features: spec.features && spec.features.length > 0 ? [...spec.features] : null,
    task: spec.task ?? 'auto',
    model: spec.model ?? 'gbdt',
    params: { ...(spec.params ?? {}) },
    preprocess: { ...defaultPreprocess, ...(spec.preprocess ?? {}) },
    // Settled once the task is known (stratified for classification); see TrainRunSummary.validation.
    validation: { ...(spec.validation ?? {}) },
    testSize: spec.testSize ?? 0.2,
    imbalance: spec.imbalance ?? 'none',
    threshold: spec.threshold ?? 'max_f1',
    positive: spec.positive ?? null,
    search: spec.search ?? null,
    seed: spec.seed ?? 42,
  };
}

export interface LintFinding {
  readonly code: string;
  readonly column?: string;
  readonly message: string;
  readonly severity: 'warning' | 'info';
}

export interface ExcludedColumn {
  readonly column: string;
  readonly reason: string;
}

/** What a date or datetime feature becomes: calendar numbers read in UTC (day of week 0 = Monday, as pandas). */
export type DatePart = 'year' | 'month' | 'day_of_week' | 'day_of_year' | 'hour' | 'weekend';

/** Every part, in feature order; a fit keeps those that vary in its training rows (hour only varies for datetimes). */
export const dateParts: readonly DatePart[] = ['year', 'month', 'day_of_week', 'day_of_year', 'hour', 'weekend'];

export const datePartLabels: Readonly<Record<DatePart, string>> = {
  year: 'year',
  month: 'month',
  day_of_week: 'day of week',
  day_of_year: 'day of year',
  hour: 'hour',
  weekend: 'weekend',
};

/** A date column and the parts derived from it as features (those that vary in the training rows). */
export interface DerivedFeatures {
  readonly column: string;
  readonly parts: readonly DatePart[];
}

/** "date → year, month, day of week": how the UI and the CLI say what a date column became. */
export function describeDerived(d: DerivedFeatures): string {
  return `${d.column} → ${d.parts.length > 0 ? d.parts.map((p) => datePartLabels[p]).join(', ') : 'nothing (no part varies in the training rows)'}`;
}

export interface MetricSummary {
  /** Mean over the folds that produced a value. */
  readonly mean: number;
  readonly std: number;
  /** Per fold, in fold order; null where a fold could not compute it (the reason is in warnings). */
  readonly folds: readonly (number | null)[];
}

export type FoldStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface FoldSummary {
  /** 0..n-1 for validation folds; -1 is the final refit evaluated on the test split. */
  readonly fold: number;
  readonly status: FoldStatus;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly seconds: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  /** Parameters picked by the inner search (nested CV) for this fold. */
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly error: string | null;
}

export type TrainStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A run as the run list and the CLI show it. */
export interface TrainRunSummary {
  readonly runId: number;
  readonly status: TrainStatus;
  readonly spec: ResolvedTrainSpec;
  readonly datasetName: string;
  readonly task: Task | null;
  /** The validation scheme as run (defaults settled by the task). */
  readonly validation: ValidationSpec | null;
  readonly classes: readonly string[] | null;
  readonly features: readonly string[];
  readonly excluded: readonly ExcludedColumn[];
  /** Date features and the calendar parts the final model derives from them (absent on runs from before dates were features). */
  readonly derived?: readonly DerivedFeatures[];
  readonly lint: readonly LintFinding[];
  /** Cross-validated metrics (snake_case names: roc_auc, f1, rmse, …). */
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  /** The final model on the untouched test split (null when testSize is 0). */
  readonly test: Readonly<Record<string, number>> | null;
  /** Binary: the decision threshold chosen on the pooled validation predictions. */
  readonly threshold: number | null;
  /** Binary: the class predicted when its probability is at least the threshold (absent in runs made before it was stored; see positiveClass). */
  readonly positive?: string | null;
  /**
   * Binary: the threshold the threshold-dependent metrics (metrics.ts) of the folds and of the test split were
   * computed at; threshold-free ones (ROC AUC, PR AUC, log loss, Brier) use none. Absent in older runs; see metricThresholds.
   */
  readonly metricThresholds?: MetricThresholds | null;
  readonly folds: readonly FoldSummary[];
  /** Why some metric is missing (e.g. a fold with one class has no ROC-AUC). */
  readonly warnings: readonly string[];
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly createdAt: string;
  readonly seconds: number | null;
  /** Wall-clock seconds of each phase: the folds run in parallel, so `folds` is less than their sum. */
  readonly timings?: { readonly plan: number; readonly folds: number; readonly final: number };
  readonly error: string | null;
}

export interface MetricThresholds {
  readonly folds: number;
  readonly test: number | null;
}

/** The positive class of a binary run (older runs: the second class in sorted order, as they used). */
export function positiveClass(run: Pick<TrainRunSummary, 'positive' | 'task' | 'classes'>): string | null {
  if (run.task !== 'binary') return null;
  return run.positive ?? run.classes?.[1] ?? null;
}

/** Which threshold each part's threshold-dependent metrics used: older runs scored folds at 0.5 and the test split at the chosen one. */
export function metricThresholds(run: Pick<TrainRunSummary, 'metricThresholds' | 'task' | 'threshold'>): MetricThresholds | null {
  if (run.task !== 'binary') return null;
  if (run.metricThresholds !== undefined) return run.metricThresholds;
  return run.threshold === null ? null : { folds: 0.5, test: run.threshold };
}

export interface CurveSeries {
  /** 'fold 1' … or 'mean' or 'test'. */
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Area under it (ROC-AUC, average precision) where it has one. */
  readonly area?: number;
}

/** Everything a run's plots are drawn from, stored with the run. */
export interface TrainPlots {
  readonly roc: readonly CurveSeries[];
  readonly pr: readonly CurveSeries[];
  readonly calibration: readonly CurveSeries[];
  /** Precision, recall and F1 against the decision threshold (pooled validation predictions). */
  readonly thresholds: readonly CurveSeries[];
  /** Summed over validation folds; rows = true class. */
  readonly confusion: { readonly labels: readonly string[]; readonly counts: readonly (readonly number[])[] } | null;
  readonly importance: readonly { readonly feature: string; readonly value: number }[];
  /** Regression: pooled validation predictions (sampled to at most 5,000 points). */
  readonly residuals: { readonly predicted: readonly number[]; readonly actual: readonly number[] } | null;
  readonly learningCurve: { readonly sizes: readonly number[]; readonly train: readonly number[]; readonly validation: readonly number[]; readonly metric: string } | null;
  /** PCA explained-variance ratio per component (cumulative alongside), when PCA ran. */
  readonly pca: { readonly ratio: readonly number[]; readonly cumulative: readonly number[] } | null;
}

export interface TrainRunDetail {
  readonly summary: TrainRunSummary;
  readonly plots: TrainPlots | null;
}

/** A number of a replay that differs from the stored run's. */
export interface RunDifference {
  readonly what: string;
  readonly stored: string;
  readonly replayed: string;
}

/** A stored run re-run from its spec and seed (`assay replay`, the run view's Replay). */
export interface ReplayReport {
  readonly runId: number;
  /** The replay's run number in the temporary copy (gone once the report is made). */
  readonly replayRunId: number;
  readonly identical: boolean;
  /** How many values were compared (fold metrics, test metrics, threshold, fold sizes). */
  readonly compared: number;
  readonly differences: readonly RunDifference[];
}

export interface ReplayProgress {
  readonly runId: number;
  readonly foldsDone: number;
  readonly foldsTotal: number;
}
