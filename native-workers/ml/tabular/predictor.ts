/**
 * A stored tabular model (preprocessing + learner) turned back into
 * predictions on raw rows, exactly as training transformed them: the same
 * code path serves the CLI, local serving and the parity tests.
 */
import type { Task } from '../../../preload/contract/train';
import { frameFromRecords, type Frame, type FrameColumnSpec } from './frame';
import type { ModelJSON } from './model';
import { requestSchemaOf } from './predict-request';
import { loadModel, type ModelRuntime } from './models';
import { loadPipeline } from './preprocess/fitted';
import type { PipelineJSON } from './preprocess/pipeline-json';

/** What train_models.model holds. */
export interface ModelDocument {
  readonly format: 'assay-tabular/1';
  readonly task: Task;
  readonly target: string;
  /** Binary: negative class first, the positive class last (class 1). */
  readonly classes: readonly string[] | null;
  /** Binary: the positive class's label, classes[1] (absent in models made before it was stored). */
  readonly positive?: string;
  /** Binary: class 1 is predicted when its probability is at least this. */
  readonly threshold: number | null;
  readonly pipeline: PipelineJSON;
  readonly model: ModelJSON;
}

export interface Prediction {
  /** Classification: the predicted class label. */
  readonly label?: string;
  /** Classification: probability per class label. */
  readonly probabilities?: Readonly<Record<string, number>>;
  /** Regression: the predicted value. */
  readonly value?: number;
}

export interface Predictor {
  readonly task: Task;
  readonly inputColumns: readonly FrameColumnSpec[];
  /** Per categorical input column, every category the fit saw (kept or rare): a request's other values are unseen. */
  readonly seenCategories: ReadonlyMap<string, ReadonlySet<string>>;
  /** Raw output: rows × K probabilities, or values. */
  predictFrame(frame: Frame): Float64Array;
  /** Raw JSON rows (as a request sends them) to labelled predictions; bad values throw FrameError naming column and row. */
  predictRecords(records: readonly Readonly<Record<string, unknown>>[]): Prediction[];
}

export function loadPredictor(doc: ModelDocument, runtime: ModelRuntime = {}): Predictor {
  if (doc.format !== 'assay-tabular/1') throw new Error(`Unknown model format "${String(doc.format)}": this model was made by a newer Assay.`);
  const pipeline = loadPipeline(doc.pipeline);
  const model = loadModel(doc.model, runtime);
  const predictFrame = (frame: Frame): Float64Array => model.predict(pipeline.transform(frame));
  return {
    task: doc.task,
    inputColumns: pipeline.inputColumns,
    seenCategories: requestSchemaOf(doc.pipeline).seenCategories,
    predictFrame,
    predictRecords(records) {
      const out = predictFrame(frameFromRecords(records, pipeline.inputColumns));
      const K = doc.task === 'regression' ? 1 : doc.classes!.length;
      return records.map((_, i) => labelPrediction(doc, out.subarray(i * K, (i + 1) * K)));
    },
  };
}

/**
 * One row's raw output (its K probabilities, or its value) as a prediction: the positive class when its
 * probability reaches the threshold (two classes), else the most probable class. Batch scoring labels its
 * shards' outputs with it too, so both say the same.
 */
export function labelPrediction(doc: Pick<ModelDocument, 'task' | 'classes' | 'threshold'>, row: ArrayLike<number>): Prediction {
  if (doc.task === 'regression') return { value: row[0]! };
  const classes = doc.classes!;
  let best = 0;
  if (classes.length === 2) best = row[1]! >= (doc.threshold ?? 0.5) ? 1 : 0;
  else for (let k = 1; k < classes.length; k++) if (row[k]! > row[best]!) best = k;
  return { label: classes[best]!, probabilities: Object.fromEntries(classes.map((c, k) => [c, row[k]!])) };
}
