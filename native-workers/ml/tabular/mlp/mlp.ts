/**
 * Multi-layer perceptron in TensorFlow.js: dense relu layers (default [64, 32]),
 * optional dropout, Adam, mini-batches, early stopping on opts.earlyStopping
 * (best weights restored), sample weights in the loss. Output: sigmoid (binary),
 * softmax (multiclass) or linear (regression, trained on a standardised target).
 *
 * A hand-written loop rather than tf.LayersModel.fit: it takes per-row sample
 * weights, shuffles with our seeded Rng, checks opts.checkpoint between batches
 * and leaves no tensors behind. Weights live in tfjs variables only during fit;
 * afterwards they are Float32Arrays, so a model holds no GPU/wasm memory and
 * toJSON/fromJSON restore bit-identical predictions.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Scalar, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';
import { decodeF32, encodeF32, field, isNumber, isNumberArray, isString } from '../codec';
import { checkLabels } from '../linear/params';
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON, Task } from '../model';
import { rng, shuffle } from '../rng';
import { forward, forwardArrays, initDense, softmaxRows, type DenseTensors, type DenseWeights, type Tf } from './network';
import { readFloats, readScalar } from '../../tf-read';

/**
 * @tensorflow/tfjs, loaded when an MLP is first made: models.ts imports this file for every model kind, and
 * loading tfjs cost each tree or linear job ~0.8 s of start-up (a cluster trial's node start above all).
 */
function defaultTf(): Tf {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@tensorflow/tfjs') as Tf;
}

export interface MlpParams {
  /** Hidden layer widths, default [64, 32]. */
  readonly hidden?: readonly number[];
  /** Dropout rate after each hidden layer, default 0 (off). */
  readonly dropout?: number;
  /** Adam's learning rate, default 1e-3. */
  readonly learningRate?: number;
  /** Default 200. */
  readonly epochs?: number;
  /** Default 32. */
  readonly batchSize?: number;
  /** Epochs without a better early-stopping loss before stopping, default 10. */
  readonly patience?: number;
}

type Output = 'sigmoid' | 'softmax' | 'linear';

/** What the trained network needs besides its weights. */
interface Head {
  readonly task: Task;
  readonly nClasses: number;
  readonly output: Output;
  /** Regression targets are standardised for training; predictions are mapped back. */
  readonly yMean: number;
  readonly yStd: number;
}

/** Rows per predict batch: bounds peak tensor memory on big inputs. */
const predictChunk = 8192;

export class Mlp implements Model {
  readonly type = 'mlp';
  readonly hidden: readonly number[];
  readonly dropout: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  /** Epochs actually run by the last fit (fewer than `epochs` when early stopping fired). */
  epochsRun = 0;
  /** Early-stopping loss of the kept weights in the last fit (NaN without early stopping). */
  validationLoss = NaN;
  private readonly tf: Tf;
  private layers: DenseWeights[] | null = null;
  private head: Head | null = null;

  /** `tf`: the namespace whose backend the worker picked (runtime/backend.ts); defaults to @tensorflow/tfjs. */
  constructor(params: MlpParams = {}, tf: Tf = defaultTf()) {
    this.hidden = params.hidden ?? [64, 32];
    this.dropout = params.dropout ?? 0;
    this.learningRate = params.learningRate ?? 1e-3;
    this.epochs = params.epochs ?? 200;
    this.batchSize = params.batchSize ?? 32;
    this.patience = params.patience ?? 10;
    this.tf = tf;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new Error('dropout must be in [0, 1).');
    if (this.hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new Error('Hidden layer widths must be positive integers.');
  }

  async fit(X: Matrix, y: Float64Array, opts: FitOptions): Promise<void> {
    if (y.length !== X.rows || X.rows === 0) throw new Error(`${X.rows} rows but ${y.length} targets.`);
    const tf = this.tf;
    const head = headFor(opts, y);
    const outputs = head.output === 'softmax' ? head.nClasses : 1;
    const r = rng(opts.seed);
    const start = initDense([X.cols, ...this.hidden, outputs], r.fork());
    const shuffler = r.fork();
    const dropSeeds = r.fork();
    const n = X.rows;

    const vars: Variable[] = [];
    const tensors: DenseTensors[] = [];
    const owned: tfjs.Tensor[] = [];
    const optimizer = tf.train.adam(this.learningRate);
    try {
      for (const l of start) {
        // tidy frees the initial values; variables survive it.
        const W = tf.tidy(() => tf.variable(tf.tensor2d(l.W, [l.inputs, l.outputs]), true)) as Variable<tfjs.Rank.R2>;
        const b = tf.tidy(() => tf.variable(tf.tensor1d(l.b), true)) as Variable<tfjs.Rank.R1>;
        owned.push(W, b);
        vars.push(W, b);
        tensors.push({ W, b });
      }
      const xAll = track(owned, tf.tensor2d(toF32(X.data), [n, X.cols]));
      const yAll = track(owned, targets(tf, y, head));
      const wAll = track(owned, tf.tensor1d(opts.sampleWeight ? toF32(opts.sampleWeight) : new Float32Array(n).fill(1)));
      const val = opts.earlyStopping;
      const xVal = val ? track(owned, tf.tensor2d(toF32(val.X.data), [val.X.rows, val.X.cols])) : null;
      const yVal = val ? track(owned, targets(tf, val.y, head)) : null;
      const wVal = val ? track(owned, tf.ones([val.X.rows]) as Tensor1D) : null;

      let best = Infinity;
      let bestWeights: DenseWeights[] | null = null;
      let stale = 0;
      const order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      const batches = Math.ceil(n / this.batchSize);
      this.epochsRun = 0;
      for (let epoch = 0; epoch < this.epochs; epoch++) {
        shuffle(order, shuffler);
        for (let bt = 0; bt < batches; bt++) {
          // Between batches too, so a cancel is heard within a fraction of an epoch on big data.
          if (bt % 50 === 0) opts.checkpoint?.((epoch + bt / batches) / this.epochs, `epoch ${epoch + 1}`);
          const idx = tf.tensor1d(order.subarray(bt * this.batchSize, Math.min(n, (bt + 1) * this.batchSize)), 'int32');
          try {
            optimizer.minimize(() => {
              const logits = forward(tf, tf.gather(xAll, idx), tensors, this.dropout, () => dropSeeds.int(2 ** 31));
              return weightedLoss(tf, head.output, logits, tf.gather(yAll, idx), tf.gather(wAll, idx));
            }, false, vars);
          } finally {
            idx.dispose();
          }
        }
        this.epochsRun = epoch + 1;
        if (xVal && yVal && wVal) {
          const loss = await readScalar(tf.tidy(() => weightedLoss(tf, head.output, forward(tf, xVal, tensors, 0), yVal, wVal)));
          if (best === Infinity || loss < best - 1e-7 * Math.abs(best)) {
            best = loss;
            bestWeights = await snapshot(tensors);
            stale = 0;
          } else if (++stale >= this.patience) break;
        }
      }
      this.layers = bestWeights ?? (await snapshot(tensors));
      this.validationLoss = bestWeights ? best : NaN;
      this.head = head;
      opts.checkpoint?.(1);
    } finally {
      optimizer.dispose();
      for (const t of owned) t.dispose();
    }
  }

  predict(X: Matrix): Float64Array {
    const { layers, head } = this.fitted();
    if (X.cols !== layers[0]!.inputs) throw new Error(`The model was trained on ${layers[0]!.inputs} columns, got ${X.cols}.`);
    const tf = this.tf;
    // Stryker disable next-line ConditionalExpression: a regression head's nClasses is 1 too; the test says what K means.
    const K = head.output === 'linear' ? 1 : head.nClasses;
    const out = new Float64Array(X.rows * K);
    for (let from = 0; from < X.rows; from += predictChunk) {
      const rows = Math.min(predictChunk, X.rows - from);
      const x = toF32(X.data.subarray(from * X.cols, (from + rows) * X.cols));
      const values = readsSync(tf)
        ? tf.tidy(() => {
            const tensors = layers.map((l) => ({ W: tf.tensor2d(l.W, [l.inputs, l.outputs]), b: tf.tensor1d(l.b) }));
            const logits = forward(tf, tf.tensor2d(x, [rows, X.cols]), tensors, 0);
            // Synchronous on this backend (readsSync): Model.predict is synchronous.
            // eslint-disable-next-line no-restricted-syntax
            return (head.output === 'softmax' ? tf.softmax(logits) : head.output === 'sigmoid' ? tf.sigmoid(logits) : logits).dataSync();
          })
        : outputOf(head.output, forwardArrays(x, rows, layers), K);
      for (let i = 0; i < rows; i++) {
        const o = (from + i) * K;
        if (head.output === 'sigmoid') {
          out[o] = 1 - values[i]!;
          out[o + 1] = values[i]!;
        } else if (head.output === 'linear') out[o] = values[i]! * head.yStd + head.yMean;
        else for (let k = 0; k < K; k++) out[o + k] = values[i * K + k]!;
      }
    }
    return out;
  }

  toJSON(): ModelJSON {
    const { layers, head } = this.fitted();
    return {
      type: this.type,
      hidden: [...this.hidden], dropout: this.dropout, learningRate: this.learningRate,
      epochs: this.epochs, batchSize: this.batchSize, patience: this.patience, epochsRun: this.epochsRun,
      task: head.task, nClasses: head.nClasses, output: head.output, yMean: head.yMean, yStd: head.yStd,
      layers: layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, W: encodeF32(l.W), b: encodeF32(l.b) })),
    };
  }

  static fromJSON(json: ModelJSON, tf: Tf = defaultTf()): Mlp {
    if (json.type !== 'mlp') throw new Error(`Expected an mlp model, got ${json.type}.`);
    const m = new Mlp({
      hidden: field(json, 'hidden', isNumberArray), dropout: field(json, 'dropout', isNumber),
      learningRate: field(json, 'learningRate', isNumber), epochs: field(json, 'epochs', isNumber),
      batchSize: field(json, 'batchSize', isNumber), patience: field(json, 'patience', isNumber),
    }, tf);
    m.epochsRun = field(json, 'epochsRun', isNumber);
    const task = field(json, 'task', isString);
    const output = field(json, 'output', isString);
    if (task !== 'binary' && task !== 'multiclass' && task !== 'regression') throw new Error(`Unknown task ${task}.`);
    if (output !== 'sigmoid' && output !== 'softmax' && output !== 'linear') throw new Error(`Unknown output ${output}.`);
    m.head = { task, output, nClasses: field(json, 'nClasses', isNumber), yMean: field(json, 'yMean', isNumber), yStd: field(json, 'yStd', isNumber) };
    const raw = json['layers'];
    if (!Array.isArray(raw)) throw new Error('Model JSON field "layers" is missing or malformed.');
    m.layers = raw.map((l: { readonly [key: string]: unknown }) => {
      const inputs = field(l, 'inputs', isNumber);
      const outputs = field(l, 'outputs', isNumber);
      const W = decodeF32(field(l, 'W', isString));
      const b = decodeF32(field(l, 'b', isString));
      if (W.length !== inputs * outputs || b.length !== outputs) throw new Error('Model JSON layer shapes do not match.');
      return { inputs, outputs, W, b };
    });
    return m;
  }

  private fitted(): { layers: DenseWeights[]; head: Head } {
    if (!this.layers || !this.head) throw new Error('The mlp model has not been fitted.');
    return { layers: this.layers, head: this.head };
  }
}

function headFor(opts: FitOptions, y: Float64Array): Head {
  if (opts.task === 'regression') {
    let mean = 0;
    for (const v of y) mean += v;
    mean /= y.length;
    let sq = 0;
    for (const v of y) sq += (v - mean) ** 2;
    const std = Math.sqrt(sq / y.length);
    return { task: 'regression', nClasses: 1, output: 'linear', yMean: mean, yStd: std > 0 ? std : 1 };
  }
  const K = Math.max(2, opts.nClasses);
  checkLabels(y, K);
  return { task: opts.task, nClasses: K, output: K === 2 ? 'sigmoid' : 'softmax', yMean: 0, yStd: 1 };
}

/** n × 1 (0/1 or standardised value) or n × K one-hot. */
function targets(tf: Tf, y: Float64Array, head: Head): Tensor2D {
  if (head.output === 'softmax') {
    const out = new Float32Array(y.length * head.nClasses);
    for (let i = 0; i < y.length; i++) out[i * head.nClasses + y[i]!] = 1;
    return tf.tensor2d(out, [y.length, head.nClasses]);
  }
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i]! - head.yMean) / head.yStd;
  return tf.tensor2d(out, [y.length, 1]);
}

/** Σ w_i loss_i / Σ w_i: cross-entropy on logits (stable forms) or squared error. */
function weightedLoss(tf: Tf, output: Output, logits: Tensor2D, y: Tensor2D, w: Tensor1D): Scalar {
  const perRow =
    output === 'sigmoid'
      ? tf.sum(tf.sub(tf.softplus(logits), tf.mul(y, logits)), 1)
      : output === 'softmax'
        ? tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))
        : tf.sum(tf.square(tf.sub(logits, y)), 1);
  return tf.div(tf.sum(tf.mul(perRow, w)), tf.maximum(tf.sum(w), 1e-12)) as Scalar;
}

async function snapshot(tensors: readonly DenseTensors[]): Promise<DenseWeights[]> {
  return Promise.all(
    tensors.map(async ({ W, b }) => ({ inputs: W.shape[0], outputs: W.shape[1], W: await readFloats(W, false), b: await readFloats(b, false) })),
  );
}

/** Whether results of this tfjs backend can be read synchronously (webgpu's cannot in Node: see tf-read.ts). */
function readsSync(tf: Tf): boolean {
  return tf.getBackend() !== 'webgpu';
}

/** What predict's tfjs path returns (softmax, sigmoid or the logits themselves), from JS logits. */
function outputOf(output: Output, logits: Float32Array, K: number): Float32Array {
  if (output === 'softmax') return softmaxRows(logits, K);
  if (output === 'sigmoid') return logits.map((z) => 1 / (1 + Math.exp(-z)));
  return logits;
}

function toF32(a: Float64Array): Float32Array {
  return Float32Array.from(a);
}

function track<T extends tfjs.Tensor>(owned: tfjs.Tensor[], t: T): T {
  owned.push(t);
  return t;
}
