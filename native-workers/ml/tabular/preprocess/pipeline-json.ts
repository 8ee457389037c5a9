/**
 * The serialised form of a fitted pipeline: plain JSON, stored beside the model
 * and loaded for prediction and serving. Everything the transform needs is here,
 * so a loaded pipeline never sees the training data.
 */
import type { DatePart } from '../../../../preload/contract/train';
import type { FrameColumnSpec } from '../frame';
import type { ResolvedPreprocessSpec } from './spec';

export interface NumericStepJSON {
  readonly name: string;
  /** Replaces a missing value. */
  readonly fill: number;
  readonly center: number;
  readonly scale: number;
  /** Whether this column gets a missing-value indicator feature. */
  readonly indicator: boolean;
}

/** One calendar part of a date column, then imputed and scaled as a numeric column. */
export interface DatePartStepJSON {
  readonly part: DatePart;
  readonly fill: number;
  readonly center: number;
  readonly scale: number;
}

export interface DateStepJSON {
  readonly name: string;
  /** The parts that varied in the fit rows, in `dateParts` order; may be empty. */
  readonly parts: readonly DatePartStepJSON[];
  readonly indicator: boolean;
}

export interface CategoricalStepJSON {
  readonly name: string;
  /** Replaces a missing value (the mode, or MISSING_CATEGORY). */
  readonly fill: string;
  /** Kept categories in code order (sorted). */
  readonly categories: readonly string[];
  readonly rareBucket: boolean;
  /** Categories that map to the rare bucket (sorted). */
  readonly rare: readonly string[];
  readonly indicator: boolean;
}

export interface PcaJSON {
  readonly mean: readonly number[];
  /** k × (features before PCA). */
  readonly components: readonly (readonly number[])[];
  readonly ratio: readonly number[];
  readonly cumulative: readonly number[];
}

export interface PipelineJSON {
  readonly type: 'preprocess';
  readonly version: 1;
  readonly spec: ResolvedPreprocessSpec;
  /** How many rows the pipeline was fitted on (for the record; the transform does not use it). */
  readonly fitRows: number;
  /** Input columns in the order of the fit frame. */
  readonly inputColumns: readonly FrameColumnSpec[];
  readonly numeric: readonly NumericStepJSON[];
  readonly categorical: readonly CategoricalStepJSON[];
  /** Absent in pipelines stored before dates were features (read as none). */
  readonly dates?: readonly DateStepJSON[];
  readonly pca: PcaJSON | null;
}
