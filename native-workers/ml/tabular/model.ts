/**
 * What every tabular learner implements. Targets arrive encoded: class index
 * 0..K-1 (as a float) for classification, the value for regression.
 */
import type { Matrix } from './matrix';

export type Task = 'binary' | 'multiclass' | 'regression';

export interface FitOptions {
  readonly task: Task;
  /** Number of classes (2 for binary; 1 for regression). */
  readonly nClasses: number;
  /** Per-row weights (class weights for imbalance); absent means all 1. */
  readonly sampleWeight?: Float64Array;
  readonly seed: number;
  /** Held-out rows for early stopping (taken from the training fold, never the validation fold). */
  readonly earlyStopping?: { readonly X: Matrix; readonly y: Float64Array };
  /** Checked between iterations; throwing from it aborts the fit. */
  readonly checkpoint?: (fraction: number, detail?: string) => void;
}

/** Plain JSON a trained model serialises to (stored in the project, loaded for prediction/serving). */
export interface ModelJSON {
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface Model {
  readonly type: string;
  fit(X: Matrix, y: Float64Array, opts: FitOptions): void | Promise<void>;
  /**
   * Classification: rows × K class probabilities (row-major, each row sums to 1).
   * Regression: rows predicted values.
   */
  predict(X: Matrix): Float64Array;
  /** Non-negative importances per input column, summing to 1 (absent where a model has none). */
  featureImportance?(): Float64Array;
  toJSON(): ModelJSON;
}
