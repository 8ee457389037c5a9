/**
 * Test and benchmark fixtures of fine-tuning: the real MobileNetV2 bundled by nsfwjs (loaded from the
 * package's base64 modules through a custom tf.io handler, no network), a small MobileNetV2-like net with
 * the same layer naming, a dense head, and the sklearn digits rendered as RGB images.
 * Not used by the app (backbone.ts is the app's loader).
 */
import type { LayersModel, SymbolicTensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { FineTuneData } from './finetune';

type Tf = typeof import('@tensorflow/tfjs');

interface NsfwModelModule {
  modelTopology: { model_config: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } };
  weightsManifest: { paths: string[]; weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[];
}

/** nsfwjs's package exports hide dist/models/, so the files are found beside its resolved entry point. */
function nsfwModelDir(): string {
  const entry = require.resolve('nsfwjs');
  const marker = `${entry.includes('\\') ? '\\' : '/'}dist${entry.includes('\\') ? '\\' : '/'}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`unexpected nsfwjs layout: ${entry}`);
  return `${entry.slice(0, at)}/dist/models/mobilenet_v2/`;
}

/**
 * The nsfwjs 4.4 MobileNetV2 (Keras, 224×224×3 in [0,1], uint8-quantised weights). `inputSize` (a multiple
 * of 32) rewrites the input shape and the final 7×7 average pooling so a smaller image gives the same
 * 1,280 features per image at a fraction of the cost.
 */
export async function loadNsfwMobileNetV2(tf: Tf, inputSize = 224): Promise<LayersModel> {
  const dir = nsfwModelDir();
  // The modules are UMD bundles: the model one exports {modelTopology, weightsManifest}, the shard a base64 string.
  // require (not fs) keeps this file free of Node-only imports, as ml/ must be.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(`${dir}model.min.js`) as NsfwModelModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shard = require(`${dir}group1-shard1of1.min.js`) as string;
  const bytes = base64ToBytes(shard);
  const topology = JSON.parse(JSON.stringify(model.modelTopology)) as NsfwModelModule['modelTopology'];
  if (inputSize !== 224) {
    if (inputSize % 32 !== 0) throw new Error(`input size ${inputSize} is not a multiple of 32`);
    for (const layer of topology.model_config.config.layers) {
      if (layer.class_name === 'InputLayer') layer.config['batch_input_shape'] = [null, inputSize, inputSize, 3];
      if (layer.class_name === 'AveragePooling2D') {
        layer.config['pool_size'] = [inputSize / 32, inputSize / 32];
        layer.config['strides'] = [inputSize / 32, inputSize / 32];
      }
    }
  }
  const weightSpecs = model.weightsManifest.flatMap((group) => group.weights);
  return tf.loadLayersModel({
    load: () =>
      Promise.resolve({
        modelTopology: topology as unknown as import('@tensorflow/tfjs').io.ModelJSON['modelTopology'],
        weightSpecs,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      }),
  });
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The real backbone as the images engineer cuts it: everything up to `flatten_1` (1,280 features). */
export async function nsfwBackbone(tf: Tf, inputSize = 224): Promise<LayersModel> {
  const full = await loadNsfwMobileNetV2(tf, inputSize);
  const backbone = tf.model({ inputs: full.inputs, outputs: full.getLayer('flatten_1').output as SymbolicTensor, name: 'mobilenet_v2_features' });
  // The NSFW classifier above the cut is not used: free its weights now, since no model will own them.
  const kept = new Set(backbone.layers);
  for (const layer of full.layers) if (!kept.has(layer)) layer.dispose();
  return backbone;
}

/**
 * A MobileNetV2-shaped toy (stem, expanded_conv, block_1 with stride 2, block_2 with a residual add, Conv_1,
 * global pooling) with Keras's layer names and seeded weights. Its BatchNorm layers get moving statistics
 * as a trained net has them: those of `calibration` (one pass in training mode, momentum 0), so the frozen
 * net gives informative features and a test can tell inference-mode BatchNorm from batch statistics.
 */
export function tinyMobileNetV2(tf: Tf, opts: { size: number; seed: number; calibration: Tensor4D }): LayersModel {
  let seed = opts.seed;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const input = tf.input({ shape: [opts.size, opts.size, 3], name: 'input_1' });
  const bn = (name: string) =>
    tf.layers.batchNormalization({
      name, epsilon: 1e-3, momentum: 0,
      gammaInitializer: tf.initializers.randomUniform({ minval: 0.8, maxval: 1.2, seed: seed++ }),
      betaInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ }),
    });
  const relu6 = (name: string) => tf.layers.reLU({ maxValue: 6, name });
  const conv = (name: string, filters: number, kernel: number, strides = 1) =>
    tf.layers.conv2d({ name, filters, kernelSize: kernel, strides, padding: 'same', useBias: false, kernelInitializer: init() });
  const dw = (name: string, strides = 1) =>
    tf.layers.depthwiseConv2d({ name, kernelSize: 3, strides, padding: 'same', useBias: false, depthwiseInitializer: init() });
  const chain = (x: SymbolicTensor, ...layers: { apply(x: SymbolicTensor): unknown }[]) =>
    layers.reduce((t, l) => l.apply(t) as SymbolicTensor, x);

  let x = chain(input, conv('Conv1', 8, 3, 2), bn('bn_Conv1'), relu6('Conv1_relu'));
  x = chain(x, dw('expanded_conv_depthwise'), bn('expanded_conv_depthwise_BN'), relu6('expanded_conv_depthwise_relu'));
  x = chain(x, conv('expanded_conv_project', 8, 1), bn('expanded_conv_project_BN'));
  const block = (n: number, inp: SymbolicTensor, out: number, stride: number) => {
    let y = chain(inp, conv(`block_${n}_expand`, 24, 1), bn(`block_${n}_expand_BN`), relu6(`block_${n}_expand_relu`));
    y = chain(y, dw(`block_${n}_depthwise`, stride), bn(`block_${n}_depthwise_BN`), relu6(`block_${n}_depthwise_relu`));
    y = chain(y, conv(`block_${n}_project`, out, 1), bn(`block_${n}_project_BN`));
    return stride === 1 && inp.shape[3] === out ? (tf.layers.add({ name: `block_${n}_add` }).apply([inp, y]) as SymbolicTensor) : y;
  };
  x = block(1, x, 12, 2);
  x = block(2, x, 12, 1);
  x = chain(x, conv('Conv_1', 32, 1), bn('Conv_1_bn'), relu6('out_relu'), tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }));
  const model = tf.model({ inputs: input, outputs: x, name: 'tiny_mobilenet_v2' });
  // Training mode with momentum 0 writes each BatchNorm's batch statistics into its moving mean and variance.
  tf.tidy(() => {
    model.apply(opts.calibration, { training: true });
  });
  return model;
}

/** A classifier head as phase 1 trains one: dense + dropout + softmax dense, seeded. */
export function denseHead(tf: Tf, features: number, classes: number, seed: number, hidden = 32): LayersModel {
  return tf.sequential({
    name: 'head',
    layers: [
      tf.layers.dense({ inputShape: [features], units: hidden, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }), name: 'head_dense' }),
      tf.layers.dropout({ rate: 0.2, name: 'head_dropout' }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), name: 'head_logits' }),
    ],
  });
}

export interface DigitImages {
  /** size×size×3 in [0,1], row-major per image. */
  readonly pixels: Float32Array[];
  readonly labels: number[];
  readonly size: number;
}

/** Rows of sklearn's digits.csv (8×8, 0..16, then `label`) as grey RGB images scaled up to size×size (nearest). */
export function digitImages(csv: string, opts: { size: number; classes: readonly number[]; perClass: number }): DigitImages {
  const lines = csv.trim().split('\n').slice(1);
  const pixels: Float32Array[] = [];
  const labels: number[] = [];
  const taken = new Map<number, number>();
  for (const line of lines) {
    const cells = line.split(',').map(Number);
    const label = cells[64]!;
    const cls = opts.classes.indexOf(label);
    if (cls < 0 || (taken.get(label) ?? 0) >= opts.perClass) continue;
    taken.set(label, (taken.get(label) ?? 0) + 1);
    const img = new Float32Array(opts.size * opts.size * 3);
    for (let y = 0; y < opts.size; y++) {
      for (let x = 0; x < opts.size; x++) {
        const v = cells[Math.floor((y * 8) / opts.size) * 8 + Math.floor((x * 8) / opts.size)]! / 16;
        img.fill(v, (y * opts.size + x) * 3, (y * opts.size + x) * 3 + 3);
      }
    }
    pixels.push(img);
    labels.push(cls);
  }
  return { pixels, labels, size: opts.size };
}

/** FineTuneData over in-memory images (the app decodes from disk instead), with a seeded train/validation split. */
export function inMemoryData(tf: Tf, images: DigitImages, classes: number, validationEvery = 4): FineTuneData {
  const train: number[] = [];
  const validation: number[] = [];
  images.labels.forEach((_, i) => (i % validationEvery === validationEvery - 1 ? validation : train).push(i));
  const s = images.size;
  return {
    train,
    validation,
    batch(indices) {
      const x = new Float32Array(indices.length * s * s * 3);
      indices.forEach((i, k) => x.set(images.pixels[i]!, k * s * s * 3));
      const y = new Float32Array(indices.length * classes);
      indices.forEach((i, k) => (y[k * classes + images.labels[i]!] = 1));
      return Promise.resolve({ x: tf.tensor4d(x, [indices.length, s, s, 3]) as Tensor4D, y: tf.tensor2d(y, [indices.length, classes]) as Tensor2D });
    },
  };
}
