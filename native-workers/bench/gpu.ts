/**
 * The GPU bench of the portable pack (`node DIR/bench/gpu.mjs`, written by scripts/pack-portable.mjs): webgpu
 * against wasm in the same process, on the same machine, with the models Assay trains. Prints one JSON line:
 * the adapter, per backend embedding and fine-tuning images/s at 224 px (the bundled MobileNetV2) and MLP
 * samples/s, and GBDT on 1M × 30 on the GPU shaders against the CPU learner (gbdt-gpu.ts). A backend that
 * cannot run is null with the reason; a software adapter (lavapipe) is named so, and is not a GPU.
 *
 * Sizes are per backend: the GPU gets enough work to be timed (hundreds of images), wasm a few batches (its
 * images/s does not depend on how many). Flags: --gbdt-rows N (default 1,000,000), --no-gbdt, --quick.
 */
import { switchBackend, describeFailure } from '../runtime/backend';
import { openBackbone } from '../images/backbone-source';
import { disposeBackbone, embedBatch, type Tf } from '../ml/images/backbone';
import { batchPlan } from '../ml/images/batch-plan';
import { fineTune } from '../ml/images/finetune';
import { buildHead } from '../ml/images/head';
import { Mlp } from '../ml/tabular/mlp/mlp';
import { rng } from '../ml/tabular/rng';
import path from 'node:path';
import { gbdtGpuFigures } from './gbdt-gpu';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { GpuAdapterInfo } from '../../preload/contract/types';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const quick = flag('--quick');
const size = 224;

interface BackendFigures {
  readonly embedImagesPerSecond: number;
  readonly fineTuneImagesPerSecond: number;
  readonly mlpSamplesPerSecond: number;
  readonly embedBatch: number;
  readonly fineTuneBatch: number;
}

function pixels(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n * size * size * 3 }, () => Math.floor(r.next() * 256));
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function measure(tf: Tf, gpu: GpuAdapterInfo | undefined): Promise<BackendFigures> {
  const name = tf.getBackend() === 'webgpu' ? 'webgpu' : 'wasm';
  const plan = batchPlan({ name, ...(gpu ? { gpu } : {}) }, size, name === 'webgpu' ? 32 : 16);
  const onGpu = name === 'webgpu';
  const { backbone, info } = await openBackbone(tf, { kind: 'builtin', id: 'mobilenet_v2' }, size);
  try {
    // Embedding: one warm-up batch (kernels compile), then whole batches.
    const batches = quick ? 1 : onGpu ? Math.max(1, Math.ceil(512 / plan.embed)) : 2;
    const rgb = pixels(plan.embed, 1);
    await embedBatch(tf, backbone, rgb, plan.embed);
    const embedSeconds = await seconds(async () => {
      for (let b = 0; b < batches; b++) await embedBatch(tf, backbone, rgb, plan.embed);
    });
    // Fine-tuning the top two blocks and a dense head, one epoch, no validation (as phase 2 trains).
    const n = quick ? plan.fineTune : onGpu ? 8 * plan.fineTune : 2 * plan.fineTune;
    const images = pixels(n, 2);
    const head = buildHead(tf, info.features, 64, 0, 4, 1);
    const px = size * size * 3;
    const data = {
      train: Array.from({ length: n }, (_, i) => i),
      validation: [],
      batch: (indices: readonly number[]) => {
        const buf = new Uint8Array(indices.length * px);
        indices.forEach((i, j) => buf.set(images.subarray(i * px, (i + 1) * px), j * px));
        return Promise.resolve(
          tf.tidy(() => ({
            x: tf.div(tf.tensor4d(buf, [indices.length, size, size, 3], 'int32').toFloat(), 255) as Tensor4D,
            y: tf.oneHot(tf.tensor1d(indices.map((i) => i % 4), 'int32'), 4).toFloat() as Tensor2D,
          })),
        );
      },
    };
    const spec = { blocks: 2, learningRate: 1e-4, epochs: 1, batchSize: plan.fineTune, patience: 1, schedule: 'constant' as const, seed: 1, augment: { flip: false, rotationDeg: 0, cropFraction: 0, colorJitter: 0 } };
    const hooks = { signal: new AbortController().signal, progress: () => undefined };
    // The first batch compiles the backward kernels: a warm-up epoch on one batch, then the timed one.
    await fineTune(tf, backbone.model, head, { ...data, train: data.train.slice(0, plan.fineTune) }, spec, hooks);
    const fineSeconds = await seconds(() => fineTune(tf, backbone.model, head, data, spec, hooks));
    head.dispose();
    // The tabular MLP: 20,000 × 30, hidden [64, 32], batch 256.
    const rows = quick ? 2000 : 20_000;
    const r = rng(3);
    const X = { rows, cols: 30, data: Float64Array.from({ length: rows * 30 }, () => r.normal()) };
    const y = Float64Array.from({ length: rows }, (_, i) => (X.data[i * 30]! + X.data[i * 30 + 1]! > 0 ? 1 : 0));
    const epochs = 3;
    const mlp = new Mlp({ hidden: [64, 32], epochs, batchSize: 256, patience: epochs }, tf);
    const mlpSeconds = await seconds(async () => mlp.fit(X, y, { task: 'binary', nClasses: 2, seed: 1 }));
    return {
      embedImagesPerSecond: round((batches * plan.embed) / embedSeconds),
      fineTuneImagesPerSecond: round(n / fineSeconds),
      mlpSamplesPerSecond: round((rows * epochs) / mlpSeconds),
      embedBatch: plan.embed,
      fineTuneBatch: plan.fineTune,
    };
  } finally {
    disposeBackbone(backbone);
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

async function main(): Promise<void> {
  let adapter: GpuAdapterInfo | null = null;
  let reason: string | null = null;
  let webgpu: BackendFigures | null = null;
  try {
    const loaded = await switchBackend('webgpu');
    adapter = loaded.gpu ?? null;
    webgpu = await measure(loaded.tf, loaded.gpu);
  } catch (err) {
    reason = describeFailure(err);
  }
  const { tf } = await switchBackend('wasm');
  const wasm = await measure(tf, undefined);
  const rows = option('--gbdt-rows', 1_000_000);
  const speedup = webgpu ? { embed: round(webgpu.embedImagesPerSecond / wasm.embedImagesPerSecond), fineTune: round(webgpu.fineTuneImagesPerSecond / wasm.fineTuneImagesPerSecond) } : null;
  // GBDT 1M × 30, 100 rounds, depth 6: the WebGPU shaders against the CPU learner (the pack's workers/ hold its wasm kernels).
  const gbdt = flag('--no-gbdt') ? null : await gbdtGpuFigures({ rows, cols: 30, rounds: quick ? 10 : 100, depth: 6, workersDir: path.join(__dirname, '..', 'workers') });
  const line = { bench: 'gpu', adapter: adapter?.adapter ?? null, software: adapter?.software ?? null, reason, node: process.version, webgpu, wasm, speedup, gbdt };
  // Exit once the line is out: a Dawn device left open can keep the process (and a GPU lease) waiting.
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`gpu bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
