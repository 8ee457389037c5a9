/**
 * Phase 1: a new classification head on frozen backbone features —
 * dense(relu) → dropout → dense(softmax) — trained on cached embeddings.
 * A hand-written loop rather than LayersModel.fit: batches are shuffled by our
 * seeded Rng (fit uses Math.random, so runs would not replay), the loss is
 * weighted per class, the learning rate follows a schedule, early stopping
 * restores the best epoch's weights, and cancel is checked between batches.
 * The head stays a tf.LayersModel so it can be stacked on the backbone for
 * fine-tuning and export.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { decodeF32, encodeF32 } from '../tabular/codec';
import { rng, shuffle } from '../tabular/rng';
import type { Tf } from './backbone';
import { readFloats, readScalar } from '../tf-read';

export interface HeadSpec {
  readonly units: number;
  readonly dropout: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  readonly schedule: 'constant' | 'cosine' | 'step';
  readonly classWeights: boolean;
  readonly seed: number;
}

export interface LabelledFeatures {
  /** n × features, row-major. */
  readonly x: Float32Array;
  readonly y: Int32Array;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  /** On the training rows after the epoch (dropout off). */
  readonly accuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly lr: number;
}

export interface HeadHooks {
  /** Called between batches with the fraction done; throw to cancel. */
  readonly checkpoint?: (fraction: number, detail: string, metrics?: Record<string, number>) => void | Promise<void>;
  /** Called after each epoch with the history so far (live curves). */
  readonly onEpoch?: (history: readonly EpochRecord[]) => void;
}

export interface TrainedHead {
  readonly head: tfjs.Sequential;
  readonly history: readonly EpochRecord[];
  /** 1-based epoch whose weights were kept. */
  readonly bestEpoch: number;
}

export function buildHead(tf: Tf, features: number, units: number, dropout: number, classes: number, seed: number): tfjs.Sequential {
  const head = tf.sequential({ name: 'head' });
  head.add(tf.layers.dense({ inputShape: [features], units, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }), name: 'head_dense' }));
  head.add(tf.layers.dropout({ rate: dropout, seed: seed + 1, name: 'head_dropout' }));
  head.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }), name: 'head_output' }));
  return head;
}

/** One softmax dense layer: the shape of the L-BFGS logistic-regression head (linear-head.ts). */
export function buildLinearHead(tf: Tf, features: number, classes: number): tfjs.Sequential {
  const head = tf.sequential({ name: 'head' });
  head.add(tf.layers.dense({ inputShape: [features], units: classes, activation: 'softmax', name: 'head_output' }));
  return head;
}

/**
 * Folds a standardisation ((x − mean) / scale) into the head's first layer, so the head trained on
 * standardised features takes raw backbone features as the stacked model gives them.
 */
export async function foldStandardiser(tf: Tf, head: tfjs.Sequential, mean: Float64Array, scale: Float64Array): Promise<void> {
  const ws = head.getWeights();
  const kernel = await readFloats(ws[0]!, false);
  const bias = await readFloats(ws[1]!, false);
  const [F, U] = ws[0]!.shape as [number, number];
  const k2 = new Float32Array(F * U);
  for (let j = 0; j < F; j++) {
    for (let u = 0; u < U; u++) {
      const w = kernel[j * U + u]! / scale[j]!;
      k2[j * U + u] = w;
      bias[u] -= w * mean[j]!;
    }
  }
  const folded = [tf.tensor2d(k2, [F, U]), tf.tensor1d(bias), ...ws.slice(2).map((w) => w.clone())];
  head.setWeights(folded);
  for (const t of folded) t.dispose();
}

/** Learning rate at a 0-based epoch. */
export function scheduledRate(spec: Pick<HeadSpec, 'learningRate' | 'schedule' | 'epochs'>, epoch: number): number {
  switch (spec.schedule) {
    case 'constant':
      return spec.learningRate;
    case 'step':
      return spec.learningRate * 0.5 ** Math.floor(epoch / 10);
    case 'cosine':
      return spec.learningRate * 0.5 * (1 + Math.cos((Math.PI * epoch) / Math.max(1, spec.epochs)));
  }
}

/** Inverse-frequency weights (n / (K · count_k)), as sklearn's class_weight='balanced'; 1 without. */
export function classWeightsFor(y: Int32Array, K: number, balanced: boolean): Float32Array {
  const w = new Float32Array(K).fill(1);
  if (!balanced) return w;
  const counts = new Array<number>(K).fill(0);
  for (const c of y) counts[c]!++;
  for (let k = 0; k < K; k++) w[k] = counts[k]! > 0 ? y.length / (K * counts[k]!) : 0;
  return w;
}

/** Mean weighted cross-entropy of probabilities p (n × K) against one-hot y. */
function weightedLoss(tf: Tf, p: tfjs.Tensor, yOneHot: tfjs.Tensor, rowWeights: tfjs.Tensor): tfjs.Scalar {
  const ce = tf.neg(tf.sum(tf.mul(yOneHot, tf.log(tf.clipByValue(p, 1e-7, 1))), 1));
  return tf.div(tf.sum(tf.mul(ce, rowWeights)), tf.sum(rowWeights)) as tfjs.Scalar;
}

export async function predictProba(tf: Tf, head: tfjs.LayersModel, x: Float32Array, features: number, chunk = 4096): Promise<Float32Array> {
  const n = x.length / features;
  const K = (head.outputs[0]!.shape[1] as number) ?? 0;
  const out = new Float32Array(n * K);
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const p = tf.tidy(() => head.predict(tf.tensor2d(x.subarray(s * features, (s + m) * features), [m, features])) as tfjs.Tensor);
    out.set(await readFloats(p), s * K);
  }
  return out;
}

async function evaluate(tf: Tf, head: tfjs.LayersModel, d: LabelledFeatures, features: number, K: number, weights: Float32Array): Promise<{ loss: number; accuracy: number }> {
  const n = d.y.length;
  if (n === 0) return { loss: NaN, accuracy: NaN };
  const p = await predictProba(tf, head, d.x, features);
  let loss = 0, wsum = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    const y = d.y[i]!;
    const w = weights[y]!;
    loss -= w * Math.log(Math.max(1e-7, p[i * K + y]!));
    wsum += w;
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + best]!) best = k;
    if (best === y) correct++;
  }
  return { loss: loss / wsum, accuracy: correct / n };
}

export async function trainHead(tf: Tf, train: LabelledFeatures, validation: LabelledFeatures, K: number, spec: HeadSpec, hooks: HeadHooks = {}): Promise<TrainedHead> {
  const features = train.x.length / Math.max(1, train.y.length);
  if (!Number.isInteger(features) || train.y.length === 0) throw new Error('No training images to train the head on.');
  const head = buildHead(tf, features, spec.units, spec.dropout, K, spec.seed);
  const weights = classWeightsFor(train.y, K, spec.classWeights);
  const optimizer = tf.train.adam(spec.learningRate);
  const r = rng(spec.seed);
  const n = train.y.length;
  const order = new Int32Array(n).map((_, i) => i);
  const history: EpochRecord[] = [];
  const vars = head.trainableWeights.map((w) => w.read() as tfjs.Variable);
  let best = { loss: Infinity, epoch: 0, weights: head.getWeights().map((w) => w.clone()) };
  const batches = Math.ceil(n / spec.batchSize);
  const xb = new Float32Array(spec.batchSize * features);
  try {
    for (let epoch = 0; epoch < spec.epochs; epoch++) {
      const lr = scheduledRate(spec, epoch);
      // Adam keeps its moments apart from the rate, so changing the rate between epochs is a schedule.
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      shuffle(order, r);
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const s = b * spec.batchSize;
        const m = Math.min(spec.batchSize, n - s);
        const yb = new Int32Array(m);
        const wb = new Float32Array(m);
        for (let i = 0; i < m; i++) {
          const row = order[s + i]!;
          xb.set(train.x.subarray(row * features, (row + 1) * features), i * features);
          yb[i] = train.y[row]!;
          wb[i] = weights[yb[i]!]!;
        }
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, m * features), [m, features]);
          const y = tf.oneHot(tf.tensor1d(yb, 'int32'), K);
          const w = tf.tensor1d(wb);
          return optimizer.minimize(() => weightedLoss(tf, head.apply(x, { training: true }) as tfjs.Tensor, y, w), true, vars) ?? tf.scalar(NaN);
        });
        lossSum += (await readScalar(cost)) * m;
        await hooks.checkpoint?.((epoch + (b + 1) / batches) / spec.epochs, `epoch ${epoch + 1} of ${spec.epochs}`);
      }
      const val = validation.y.length > 0 ? await evaluate(tf, head, validation, features, K, weights) : { loss: lossSum / n, accuracy: NaN };
      const accuracy = (await evaluate(tf, head, train, features, K, weights)).accuracy;
      history.push({ epoch: epoch + 1, loss: lossSum / n, accuracy, valLoss: val.loss, valAccuracy: val.accuracy, lr });
      hooks.onEpoch?.(history);
      await hooks.checkpoint?.((epoch + 1) / spec.epochs, `epoch ${epoch + 1}: validation loss ${val.loss.toFixed(4)}`, { loss: lossSum / n, accuracy, val_loss: val.loss, val_accuracy: val.accuracy });
      if (val.loss < best.loss - 1e-6) {
        for (const w of best.weights) w.dispose();
        best = { loss: val.loss, epoch: epoch + 1, weights: head.getWeights().map((w) => w.clone()) };
      } else if (epoch + 1 - best.epoch >= spec.patience) {
        break;
      }
    }
    head.setWeights(best.weights);
  } finally {
    for (const w of best.weights) w.dispose();
    optimizer.dispose();
  }
  return { head, history, bestEpoch: best.epoch };
}

/** The head's weights as plain arrays (stored in the project; no tensors held). */
export interface HeadJson {
  /** dense: dense(relu) → dropout → softmax; linear: one softmax layer (the L-BFGS head). Absent in older runs: dense. */
  readonly kind?: 'dense' | 'linear';
  readonly features: number;
  readonly units: number;
  readonly dropout: number;
  readonly classes: number;
  /** kernel, bias per dense layer, base64 float32. */
  readonly weights: readonly { readonly shape: readonly number[]; readonly data: string }[];
}

export async function headToJson(head: tfjs.Sequential, dropout: number): Promise<HeadJson> {
  const ws = head.getWeights();
  const data = await Promise.all(ws.map((w) => readFloats(w, false)));
  const linear = head.layers.length === 1;
  const first = head.layers[0]!;
  return {
    kind: linear ? 'linear' : 'dense',
    features: first.batchInputShape![1] as number,
    units: linear ? 0 : ((first.getConfig()['units'] as number) ?? 0),
    dropout: linear ? 0 : dropout,
    classes: head.outputs[0]!.shape[1] as number,
    weights: ws.map((w, i) => ({ shape: w.shape, data: encodeF32(data[i]!) })),
  };
}

export function headFromJson(tf: Tf, json: HeadJson): tfjs.Sequential {
  const head = json.kind === 'linear' ? buildLinearHead(tf, json.features, json.classes) : buildHead(tf, json.features, json.units, json.dropout, json.classes, 0);
  const tensors = json.weights.map((w) => {
    return tf.tensor(decodeF32(w.data), [...w.shape]);
  });
  head.setWeights(tensors);
  for (const t of tensors) t.dispose();
  return head;
}
