import type { LayersModel, Scalar, SymbolicTensor, Tensor, Tensor2D, Tensor4D, Variable, layers as tfLayers } from '@tensorflow/tfjs';
import { AssayError } from '../../../preload/contract/errors';
import { rng as makeRng, shuffle } from '../tabular/rng';
import { augmentBatch, type AugmentSpec } from './augment';
import { splitForward } from './split-forward';
import { registerWasmGradKernels } from './wasm-grad-kernels';
import { readScalar } from '../tf-read';

type Tf = typeof import('@tensorflow/tfjs');
type Layer = tfLayers.Layer;

/**
 * Phase 2 of transfer learning: the top blocks of the backbone train together with the head, at a low
 * learning rate, on augmented images. Defaults (what `defaultFineTune` holds) are chosen for a small image
 * set on a CPU: 2 blocks, lr 1e-4 (about a tenth of phase 1's), 10 epochs, batch 16, patience 3, cosine.
 */
export interface FineTuneSpec {
  /** How many of the backbone's top blocks to unfreeze (block_N_* groups, and Conv_1 counted as the top one); 0 trains the head only. */
  blocks: number;
  /** Adam's peak learning rate. */
  learningRate: number;
  epochs: number;
  batchSize: number;
  /** Epochs without a lower validation loss before stopping; the best epoch's weights are restored. */
  patience: number;
  /** constant; cosine: decays per batch from learningRate to 0; step: ÷10 after each third of the epochs. */
  schedule: 'constant' | 'cosine' | 'step';
  /** Per-class multipliers of the training loss (validation loss is never weighted). */
  classWeights?: readonly number[];
  augment: AugmentSpec;
  /** Seeds the batch order, the augmentation and the head's dropout masks: a run replays bit for bit on the same backend. */
  seed: number;
}

export const defaultFineTune: Omit<FineTuneSpec, 'augment'> = {
  blocks: 2,
  learningRate: 1e-4,
  epochs: 10,
  batchSize: 16,
  patience: 3,
  schedule: 'cosine',
  seed: 42,
};

export interface FineTuneData {
  /** Images [n,h,w,3] in [0,1] and one-hot labels [n,K] for these items; the caller decodes them (from disk) on demand. The tensors are disposed here. */
  batch(indices: readonly number[]): Promise<{ x: Tensor4D; y: Tensor2D }>;
  train: readonly number[];
  validation: readonly number[];
}

export interface FineTuneHooks {
  signal: AbortSignal;
  progress(value: number, detail: string, metrics?: Record<string, number>): void;
  /** Called after each epoch with the history so far (live curves). */
  onEpoch?(history: readonly FineTuneEpoch[]): void;
}

export interface FineTuneEpoch {
  /** 1-based. */
  epoch: number;
  /** Mean (class-weighted) training loss over the epoch's batches, on augmented images, dropout on. */
  loss: number;
  /** Fraction of training images the model got right as it trained on them (augmented, dropout on). */
  accuracy: number;
  /** Unweighted cross-entropy on the validation items (NaN when there are none). */
  val_loss: number;
  val_accuracy: number;
  /** Learning rate at the epoch's first batch. */
  lr: number;
  seconds: number;
}

export interface FineTuneResult {
  history: FineTuneEpoch[];
  /** 1-based epoch whose weights the model holds (the lowest validation loss; the last epoch without validation). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /**
   * backbone → head as one model (the two nested as layers, sharing their now fine-tuned weights); BatchNorm
   * layers stay in inference mode. Dispose this model OR the backbone and head, not both: tfjs lets an outer
   * model dispose the models nested in it.
   */
  model: LayersModel;
  /** Layers whose weights were trained (backbone layers of the unfrozen blocks, then the head's). */
  trainedLayers: string[];
  trainableParams: number;
}

/**
 * The block a MobileNetV2 (Keras naming) layer belongs to: `block_N` for block_N_*, `Conv_1` for the last
 * 1×1 conv and what follows it (Conv_1_bn, out_relu, pooling), `stem` for Conv1/bn_Conv1/expanded_conv_*.
 */
export function blockOf(layerName: string): string {
  const m = /^block_(\d+)_/.exec(layerName);
  if (m) return `block_${m[1]}`;
  if (/^Conv_1(_|$)/.test(layerName)) return 'Conv_1';
  return 'stem';
}

/** Block names from the top of the network down (Conv_1 first), in the order the backbone's layers appear. */
export function blocksFromTop(backbone: LayersModel): string[] {
  const seen: string[] = [];
  for (const layer of backbone.layers) {
    const b = blockOf(layer.name);
    if (b !== 'stem' && !seen.includes(b)) seen.push(b);
  }
  return seen.reverse();
}

const patchedBatchNorm = new WeakSet<Layer>();

function isBatchNorm(layer: Layer): boolean {
  return layer.getClassName() === 'BatchNormalization';
}

/**
 * Freezes every BatchNormalization layer of `model` (and of models nested in it) and forces it into inference
 * mode: tfjs normalises with batch statistics whenever `training` is true, even for a layer with
 * trainable = false (and a fine-tuning batch of 16 gives statistics far from the ones the backbone learned),
 * so each BN's `call` is wrapped to always pass training = false. Idempotent.
 */
export function freezeBatchNorm(model: LayersModel): void {
  for (const layer of model.layers) {
    if (isLayersModel(layer)) {
      freezeBatchNorm(layer);
      continue;
    }
    if (!isBatchNorm(layer)) continue;
    layer.trainable = false;
    if (patchedBatchNorm.has(layer)) continue;
    const call = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
    patchedBatchNorm.add(layer);
  }
}

function isLayersModel(layer: Layer): layer is LayersModel {
  return Array.isArray((layer as Partial<LayersModel>).layers);
}

/**
 * Sets which layers train: in the backbone only the non-BN layers of the top `blocks` blocks, in the head every
 * non-BN layer. Returns the names of the layers that will train.
 */
export function unfreezeTopBlocks(backbone: LayersModel, head: LayersModel, blocks: number): string[] {
  const available = blocksFromTop(backbone);
  if (blocks < 0 || blocks > available.length || !Number.isInteger(blocks)) {
    throw new AssayError('BAD_INPUT', `blocks must be an integer in 0..${available.length} for this backbone, got ${blocks}`);
  }
  const open = new Set(available.slice(0, blocks));
  // Container-level trainable gates every sublayer's weights, so switch it on first and then choose per layer.
  backbone.trainable = true;
  head.trainable = true;
  const trained: string[] = [];
  for (const layer of backbone.layers) {
    layer.trainable = open.has(blockOf(layer.name)) && !isBatchNorm(layer);
    if (layer.trainable && layer.trainableWeights.length > 0) trained.push(layer.name);
  }
  for (const layer of head.layers) {
    layer.trainable = !isBatchNorm(layer);
    if (layer.trainable && layer.trainableWeights.length > 0) trained.push(layer.name);
  }
  freezeBatchNorm(backbone);
  freezeBatchNorm(head);
  return trained;
}

/**
 * tfjs Dropout draws its masks from an unseeded generator (or, given a seed, the same mask every call), so for
 * the run to replay from its seed each Dropout layer is given the next seed of ours per call while fineTune
 * runs; the returned function puts the layers back as they were.
 */
function seedDropout(tf: Tf, models: readonly LayersModel[], nextSeed: () => number): () => void {
  const restore: (() => void)[] = [];
  const visit = (model: LayersModel) => {
    for (const layer of model.layers) {
      if (isLayersModel(layer)) {
        visit(layer);
        continue;
      }
      if (layer.getClassName() !== 'Dropout') continue;
      const config = layer.getConfig();
      const rate = Number(config['rate']);
      const noiseShape = config['noiseShape'] as number[] | null | undefined;
      if (!(rate > 0 && rate < 1) || noiseShape) continue;
      const call = layer.call;
      layer.call = (inputs, kwargs) => {
        if (kwargs['training'] !== true) return call.call(layer, inputs, kwargs);
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        return tf.tidy(() => tf.dropout(x, rate, undefined, nextSeed()));
      };
      restore.push(() => (layer.call = call));
    }
  };
  models.forEach(visit);
  return () => restore.forEach((r) => r());
}

/** Adam whose learning rate a schedule can change between batches (tfjs keeps it protected). */
function scheduledAdam(tf: Tf, learningRate: number) {
  class ScheduledAdam extends tf.AdamOptimizer {
    setLearningRate(lr: number): void {
      this.learningRate = lr;
    }
  }
  return new ScheduledAdam(learningRate, 0.9, 0.999, 1e-7);
}

/** Learning rate at a batch: `step` is 0-based over the whole run of `total` batches. */
export function learningRateAt(spec: Pick<FineTuneSpec, 'learningRate' | 'schedule' | 'epochs'>, epoch: number, step: number, total: number): number {
  switch (spec.schedule) {
    case 'constant':
      return spec.learningRate;
    case 'cosine':
      return spec.learningRate * 0.5 * (1 + Math.cos((Math.PI * step) / Math.max(1, total)));
    case 'step':
      return spec.learningRate * Math.pow(0.1, Math.floor((3 * epoch) / Math.max(3, spec.epochs)));
  }
}

function outputsProbabilities(head: LayersModel): boolean {
  const last = head.layers[head.layers.length - 1];
  const activation = last?.getConfig()['activation'];
  return activation === 'softmax';
}

/** Per-row cross-entropy of the head's outputs against (one-hot or soft) labels. */
function crossEntropy(tf: Tf, out: Tensor2D, y: Tensor2D, probabilities: boolean): Tensor {
  const logP = probabilities ? tf.log(tf.clipByValue(out, 1e-7, 1 - 1e-7)) : tf.logSoftmax(out);
  return tf.neg(tf.sum(tf.mul(y, logP), 1));
}

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
}

function validateSpec(spec: FineTuneSpec, data: FineTuneData): void {
  const bad = (why: string) => new AssayError('BAD_INPUT', `Fine-tuning: ${why}`);
  if (!(spec.learningRate > 0)) throw bad(`learningRate must be > 0, got ${spec.learningRate}`);
  if (!Number.isInteger(spec.epochs) || spec.epochs < 1) throw bad(`epochs must be a positive integer, got ${spec.epochs}`);
  if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1) throw bad(`batchSize must be a positive integer, got ${spec.batchSize}`);
  if (!Number.isInteger(spec.patience) || spec.patience < 1) throw bad(`patience must be a positive integer, got ${spec.patience}`);
  if (data.train.length === 0) throw bad('no training images');
  if (spec.classWeights?.some((w) => !(w >= 0))) throw bad('class weights must be ≥ 0');
}

/**
 * Fine-tunes backbone + head end-to-end (see FineTuneSpec). BatchNorm layers stay frozen and in inference mode;
 * only the top `blocks` blocks of the backbone and the head change. Early stopping on validation loss restores
 * the best epoch's weights. Cancel is cooperative (checked before every batch; throws AssayError CANCELLED,
 * leaving the weights as the last finished batch left them). On the wasm backend the missing conv gradient
 * kernels are registered first. Every tensor made here is freed (the caller's models keep their variables).
 */
export async function fineTune(
  tf: Tf,
  backbone: LayersModel,
  head: LayersModel,
  data: FineTuneData,
  spec: FineTuneSpec,
  hooks: FineTuneHooks,
): Promise<FineTuneResult> {
  validateSpec(spec, data);
  const classes = head.outputs[0]?.shape[1];
  if (spec.classWeights && spec.classWeights.length !== classes) {
    throw new AssayError('BAD_INPUT', `Fine-tuning: ${spec.classWeights.length} class weights for ${classes} classes`);
  }
  // Only wasm lacks the conv gradients (and has a slow Conv2DBackpropInput); webgpu and tfjs-node have their own.
  if (tf.getBackend() === 'wasm') registerWasmGradKernels(tf);
  const trainedLayers = unfreezeTopBlocks(backbone, head, spec.blocks);
  const vars = trainableVariables([...backbone.layers, ...head.layers]);
  const split = splitForward(tf, backbone);
  const trainableParams = vars.reduce((n, v) => n + v.size, 0);
  const probabilities = outputsProbabilities(head);

  const root = makeRng(spec.seed);
  const order = Float64Array.from(data.train);
  const shuffler = root.fork();
  const augRng = root.fork();
  const nextAug = () => augRng.next();
  const dropRng = root.fork();
  const unseedDropout = seedDropout(tf, [backbone, head], () => dropRng.int(2 ** 31));
  const optimizer = scheduledAdam(tf, spec.learningRate);
  const weightVector = spec.classWeights ? tf.tensor2d([...spec.classWeights], [spec.classWeights.length, 1]) : null;
  const batchesPerEpoch = Math.ceil(order.length / spec.batchSize);
  const totalBatches = batchesPerEpoch * spec.epochs;

  const history: FineTuneEpoch[] = [];
  let best: { loss: number; epoch: number; weights: Tensor[] } | null = null;
  let stale = 0;
  let stoppedEarly = false;
  try {
    for (let epoch = 0; epoch < spec.epochs && !stoppedEarly; epoch++) {
      const started = Date.now();
      shuffle(order, shuffler);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      const epochLr = learningRateAt(spec, epoch, epoch * batchesPerEpoch, totalBatches);
      for (let b = 0; b < batchesPerEpoch; b++) {
        checkCancelled(hooks.signal);
        const step = epoch * batchesPerEpoch + b;
        const lr = learningRateAt(spec, epoch, step, totalBatches);
        optimizer.setLearningRate(lr);
        const indices = Array.from(order.subarray(b * spec.batchSize, (b + 1) * spec.batchSize));
        const { x, y } = await data.batch(indices);
        try {
          const input = augmentBatch(tf, x, spec.augment, nextAug);
          // The frozen layers run outside the gradient tape (see split-forward.ts).
          const frontier = split.frozen(input);
          const hits: { count: Tensor | null } = { count: null };
          try {
            const cost = optimizer.minimize(
              () => {
                const features = split.trainable(frontier, true);
                const out = head.apply(features, { training: true }) as Tensor2D;
                // Kept past the tape: the epoch's training accuracy costs no second forward pass.
                hits.count = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(y, 1)), 'int32')));
                const perRow = crossEntropy(tf, out, y, probabilities);
                const weighted = weightVector ? tf.mul(perRow, tf.reshape(tf.matMul(y, weightVector), [-1])) : perRow;
                return tf.mean(weighted) as Scalar;
              },
              true,
              vars,
            );
            if (cost) lossSum += (await readScalar(cost)) * indices.length;
            if (hits.count) correct += await readScalar(hits.count, false);
          } finally {
            hits.count?.dispose();
            tf.dispose([input, ...frontier]);
          }
        } finally {
          tf.dispose([x, y]);
        }
        seen += indices.length;
        hooks.progress((step + 1) / totalBatches, `epoch ${epoch + 1}/${spec.epochs} · batch ${b + 1}/${batchesPerEpoch}`, {
          loss: lossSum / seen,
          lr,
        });
        // Lets a cancel message (and the caller's progress sends) through between batches.
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
      }
      const val = await evaluate(tf, backbone, head, data, spec.batchSize, probabilities, hooks.signal);
      const row: FineTuneEpoch = {
        epoch: epoch + 1,
        loss: lossSum / seen,
        accuracy: correct / seen,
        val_loss: val.loss,
        val_accuracy: val.accuracy,
        lr: epochLr,
        seconds: (Date.now() - started) / 1000,
      };
      history.push(row);
      hooks.onEpoch?.(history);
      hooks.progress((epoch + 1) / spec.epochs, `epoch ${epoch + 1}/${spec.epochs} done`, {
        loss: row.loss,
        accuracy: row.accuracy,
        val_loss: row.val_loss,
        val_accuracy: row.val_accuracy,
        lr: row.lr,
      });
      if (data.validation.length === 0) continue;
      if (best === null || val.loss < best.loss) {
        if (best) tf.dispose(best.weights);
        best = { loss: val.loss, epoch: epoch + 1, weights: vars.map((v) => tf.clone(v)) };
        stale = 0;
      } else if (++stale >= spec.patience) {
        stoppedEarly = true;
      }
    }
    let bestEpoch = history.length;
    if (best) {
      vars.forEach((v, i) => v.assign(best!.weights[i]!));
      bestEpoch = best.epoch;
    }
    // Backbone and head nested as layers (not the backbone's graph flattened in), so this one model owns both.
    const input = tf.input({ shape: backbone.inputs[0]!.shape.slice(1) as number[], name: 'image' });
    const output = head.apply(backbone.apply(input) as SymbolicTensor) as SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output, name: `${backbone.name}_finetuned` });
    return { history, bestEpoch, stoppedEarly, model, trainedLayers, trainableParams };
  } finally {
    unseedDropout();
    if (best) tf.dispose(best.weights);
    weightVector?.dispose();
    optimizer.dispose();
  }
}

function trainableVariables(layers: readonly Layer[]): Variable[] {
  const seen = new Set<number>();
  const out: Variable[] = [];
  for (const layer of layers) {
    for (const w of layer.trainableWeights) {
      // LayerVariable.read() hands back the tf.Variable that holds the weight.
      const v = w.read() as Variable;
      if (seen.has(v.id)) continue;
      seen.add(v.id);
      out.push(v);
    }
  }
  return out;
}

/** Unweighted mean cross-entropy and accuracy on the validation items, no augmentation, dropout off. */
export async function evaluate(
  tf: Tf,
  backbone: LayersModel,
  head: LayersModel,
  data: FineTuneData,
  batchSize: number,
  probabilities: boolean,
  signal: AbortSignal,
): Promise<{ loss: number; accuracy: number }> {
  if (data.validation.length === 0) return { loss: NaN, accuracy: NaN };
  let loss = 0;
  let right = 0;
  for (let start = 0; start < data.validation.length; start += batchSize) {
    checkCancelled(signal);
    const indices = data.validation.slice(start, start + batchSize);
    const { x, y } = await data.batch(indices);
    try {
      const [ce, hits] = tf.tidy(() => {
        const out = head.apply(backbone.apply(x, { training: false }) as Tensor, { training: false }) as Tensor2D;
        return [tf.sum(crossEntropy(tf, out, y, probabilities)), tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(y, 1)), 'float32'))];
      });
      loss += await readScalar(ce);
      right += await readScalar(hits);
    } finally {
      tf.dispose([x, y]);
    }
  }
  return { loss: loss / data.validation.length, accuracy: right / data.validation.length };
}
