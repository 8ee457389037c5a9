import type { ParamValue, ResolvedTrainSpec, Task } from '../../../preload/contract/train';
import { takeFrameRows, type Frame } from '../../ml/tabular/frame';
import { takeRows, takeValues } from '../../ml/tabular/matrix';
import type { FitOptions, Model } from '../../ml/tabular/model';
import { createModel, type ModelRuntime } from '../../ml/tabular/models';
import { describeFailure, loadTf } from '../../runtime/backend';
import { openGpuTrees, type GpuTrees } from '../../runtime/gpu-trees';
import { jobTreeBuilder } from '../../runtime/wasm-trees';
import { fitPipeline } from '../../ml/tabular/preprocess/fit';
import type { FittedPipeline } from '../../ml/tabular/preprocess/fitted';
import { resampleTrainingFold, type ImbalanceMethod } from '../../ml/tabular/imbalance';
import { trainDevices, type ImbalanceKind, type TrainDevice } from '../../../preload/contract/train';
import { rng, shuffle } from '../../ml/tabular/rng';

/** What every fit of a run shares: the feature columns and the encoded target of all dataset rows. */
export interface TrainData {
  readonly features: Frame;
  /** Class index (classification) or value (regression) per dataset row; NaN where the target is missing. */
  readonly y: Float64Array;
  readonly task: Task;
  readonly nClasses: number;
}

export interface Fitted {
  readonly pipeline: FittedPipeline;
  readonly model: Model;
  readonly params: Readonly<Record<string, ParamValue>>;
}

const imbalanceMethods: Readonly<Record<ImbalanceKind, ImbalanceMethod>> = {
  none: 'none',
  weights: 'class-weight',
  over: 'random-oversample',
  under: 'random-undersample',
  smote: 'smote',
};

/** Gradient boosting holds out 10% of the training fold for early stopping from this size on (as scikit-learn's 'auto'). */
const earlyStoppingFromRows = 10_000;

/**
 * Fits preprocessing and model on `rows` only: the pipeline never sees other
 * rows, and resampling (over/under/SMOTE) or class weights touch only these
 * training rows — validation and test rows are transformed, never fitted on.
 */
export async function fitRows(
  data: TrainData,
  rows: Int32Array,
  spec: ResolvedTrainSpec,
  params: Readonly<Record<string, ParamValue>>,
  seed: number,
  checkpoint: (fraction: number, detail?: string) => void,
): Promise<Fitted> {
  const pipeline = fitPipeline(takeFrameRows(data.features, rows), spec.preprocess);
  let X = pipeline.transform(takeFrameRows(data.features, rows));
  let y = takeValues(data.y, rows);
  let earlyStopping: FitOptions['earlyStopping'];
  const wantsEarlyStop = params['early_stopping'] ?? (spec.model === 'gbdt' && rows.length >= earlyStoppingFromRows ? true : undefined);
  if (wantsEarlyStop === true && rows.length >= 50) {
    const order = shuffle(Int32Array.from({ length: rows.length }, (_, i) => i), rng(seed ^ 0x5eed));
    const cut = Math.max(1, Math.round(rows.length * 0.1));
    const esRows = order.subarray(0, cut);
    const fitRowsIdx = order.subarray(cut).sort();
    earlyStopping = { X: takeRows(X, esRows), y: takeValues(y, esRows) };
    X = takeRows(X, fitRowsIdx);
    y = takeValues(y, fitRowsIdx);
  }
  let sampleWeight: Float64Array | undefined;
  if (data.task !== 'regression' && spec.imbalance !== 'none') {
    // X holds training rows only, so the "fold" handed over is all of them.
    const all = { train: Int32Array.from({ length: X.rows }, (_, i) => i), validation: new Int32Array(0) };
    const balanced = resampleTrainingFold(all, X, y, { method: imbalanceMethods[spec.imbalance], K: data.nClasses, seed });
    X = balanced.X;
    y = balanced.y;
    sampleWeight = balanced.sampleWeight;
  }
  const gpu = await gpuTreesFor(spec.model, params['device'], X.rows * X.cols);
  try {
    const model = createModel(spec.model, data.task, params, gpu ? gpu.runtime : await runtimeFor(spec.model));
    await model.fit(X, y, {
      task: data.task,
      nClasses: data.task === 'regression' ? 1 : data.nClasses,
      seed,
      ...(sampleWeight ? { sampleWeight } : {}),
      ...(earlyStopping ? { earlyStopping } : {}),
      checkpoint,
    });
    return { pipeline, model, params };
  } catch (err) {
    const lost = gpu?.lost();
    throw lost ? new Error(`The GPU was lost while boosting (${lost}); re-run with device cpu.`) : err;
  } finally {
    gpu?.destroy();
  }
}

/**
 * With `device: auto`, gradient boosting goes to the GPU from this many cells (rows × features). Not yet
 * measured on a GPU (no machine was lent): below it, reading every level's histograms back surely costs
 * more than the CPU learner's whole tree.
 */
const gpuFromCells = 2_000_000;

/**
 * The GPU runtime a fit asked for with `device`, or null for the CPU. `gpu` fails without a hardware
 * adapter (lavapipe runs the shaders on the CPU, slower than the CPU learner) unless ASSAY_BACKEND=webgpu
 * forces it; `auto` quietly stays on the CPU then, and for small tables.
 */
async function gpuTreesFor(kind: ResolvedTrainSpec['model'], device: ParamValue | undefined, cells: number): Promise<GpuTrees | null> {
  if (device === undefined || device === 'cpu') return null;
  if (!trainDevices.includes(device as TrainDevice)) throw new Error(`device takes ${trainDevices.join(', ')}, not ${String(device)}.`);
  if (kind !== 'gbdt') throw new Error(`device ${String(device)} applies to gradient boosting only; ${kind} trains where its backend runs.`);
  const forced = process.env['ASSAY_BACKEND'] === 'webgpu';
  if (device === 'auto') {
    if (cells < gpuFromCells) return null;
    return openGpuTrees({ allowSoftware: forced }).catch(() => null);
  }
  try {
    return await openGpuTrees({ allowSoftware: forced });
  } catch (err) {
    throw new Error(`Gradient boosting on the GPU cannot start: ${describeFailure(err)}. Train with device cpu.`);
  }
}

/**
 * The MLP trains on the tfjs backend this worker picked (tfjs-node-gpu → tfjs-node → wasm → cpu);
 * GBDT on the WebAssembly kernels with a histogram thread (the JS loops where they cannot run).
 */
async function runtimeFor(kind: ResolvedTrainSpec['model']): Promise<ModelRuntime> {
  if (kind === 'mlp') return { tf: (await loadTf()).tf };
  if (kind === 'gbdt') {
    const { builder } = jobTreeBuilder();
    return builder ? { histogramBuilder: builder } : {};
  }
  return {};
}

/** Predictions for dataset rows: rows × K probabilities, or values. */
export function predictRows(fitted: Fitted, data: TrainData, rows: Int32Array): Float64Array {
  return fitted.model.predict(fitted.pipeline.transform(takeFrameRows(data.features, rows)));
}
