/**
 * Retraining a deployed model (#16.8): the same spec as a registered version
 * on newer data, then champion and challenger side by side, then promote.
 * Pure, JSON-safe types shared by the host, the CLI and the Monitor tab.
 */

export type RetrainStatus = 'training' | 'compared' | 'failed' | 'cancelled';

export interface RetrainRequest {
  /** NAME (its production version, else its newest) or NAME@V: the champion whose spec is run again. */
  readonly model: string;
  /** A dataset (name or id) to train on; absent: the champion's training dataset as it is now (refreshed or appended). */
  readonly data?: string;
  /** Train on the logged predictions that have feedback labels (their inputs, the label as the target). */
  readonly fromFeedback?: boolean;
  /** Promote the challenger when it wins on the model's retrain metric. */
  readonly promote?: boolean;
  /** The labelled window the two are compared on: the latest `1d`, `1w`, `500` (predictions)…; default the model's settings, else 1d. */
  readonly window?: string;
}

/** Champion and challenger scored on the same rows with the same metric code. */
export interface RetrainEvaluation {
  /** What the rows are: "test split of run 12 (dataset "churn", 200 rows)", "labelled predictions since …". */
  readonly label: string;
  readonly rows: number;
  readonly champion: Readonly<Record<string, number>>;
  readonly challenger: Readonly<Record<string, number>>;
  /** Why an evaluation is missing or weaker than it looks (no labels yet, rows the challenger trained on). */
  readonly note?: string;
}

export interface RetrainComparison {
  /** The metric the challenger must win on, and which way is better. */
  readonly metric: string;
  readonly direction: 'higher' | 'lower';
  readonly testSplit: RetrainEvaluation | null;
  readonly labelled: RetrainEvaluation | null;
  /** challenger: better on every evaluation that has the metric; champion: not better on one; null: nothing to compare. */
  readonly winner: 'challenger' | 'champion' | null;
  readonly reason: string;
}

export interface RetrainRecord {
  readonly id: number;
  readonly model: string;
  readonly champion: number;
  /** The version the retrain registered (null until its run succeeded). */
  readonly challenger: number | null;
  readonly runId: number | null;
  /** Where the newer data came from, in words. */
  readonly source: string;
  readonly trigger: 'user' | 'alert';
  readonly status: RetrainStatus;
  readonly comparison: RetrainComparison | null;
  readonly promoted: boolean;
  readonly error: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

/** A model's retrain opt-ins. Both off unless the user turns them on. */
export interface RetrainSettings {
  readonly model: string;
  /** A fired alert starts a retrain (one at a time per model). */
  readonly onAlert: boolean;
  /** A challenger that wins on `metric` is promoted without asking. */
  readonly autoPromote: boolean;
  /** null: the task's default (ROC AUC, F1 macro, RMSE). */
  readonly metric: string | null;
  /** What an alert's retrain trains on: null (the training dataset as it is now), "feedback", or a dataset name. */
  readonly data: string | null;
}

export interface RetrainOverview {
  readonly settings: RetrainSettings;
  readonly history: readonly RetrainRecord[];
}

/** The default metric a challenger must win on, per task. */
export function defaultRetrainMetric(task: 'binary' | 'multiclass' | 'regression'): string {
  return task === 'binary' ? 'roc_auc' : task === 'multiclass' ? 'f1_macro' : 'rmse';
}
