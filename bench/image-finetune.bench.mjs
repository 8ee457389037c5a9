// Image fine-tuning on the real nsfwjs MobileNetV2: images/s of embedding extraction (forward pass of the
// frozen backbone to its 1,280 features) and of fine-tuning (2 top blocks + a dense head, batch 4, through
// fineTune itself, augmentation on) on the wasm backend, against the pure-JS cpu backend in the same run
// (ratio). Images are sklearn digits scaled up, 128 px by default (the backbone's pooling is resized; 224 is
// its native size, BENCH_SIZE=224, but then the cpu backend needs minutes per batch: its 1×1 conv filter
// gradient is a plain JS loop). The cpu backend sees fewer images (BENCH_CPU_IMAGES, default 4, one batch);
// wasm BENCH_IMAGES (default 32). Embedding figures exclude a warm-up batch on both; fine-tuning on wasm
// excludes its first batch, on cpu (one batch) it is that batch (its one-off costs are small next to it).
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { root, round, sharedData } from './lib.mjs';

const size = Number(process.env.BENCH_SIZE ?? 128);
const wasmImages = Number(process.env.BENCH_IMAGES ?? 32);
const cpuImages = Number(process.env.BENCH_CPU_IMAGES ?? 4);
const batchSize = 4;

const outfile = path.join(root, 'dist', 'bench', 'finetune.cjs');
await build({
  stdin: {
    contents: [
      "export * from './native-workers/ml/images/finetune.ts';",
      "export * from './native-workers/ml/images/finetune-fixtures.ts';",
      "export * from './native-workers/ml/images/augment.ts';",
      "export * from './native-workers/ml/images/split-forward.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning', packages: 'external',
});
const require = createRequire(outfile);
const lib = require(outfile);
const tf = require('@tensorflow/tfjs');
const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm');
setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);

const csv = fs.readFileSync(path.join(sharedData, 'digits.csv'), 'utf8');
const images = lib.digitImages(csv, { size, classes: [0, 1, 2, 3], perClass: Math.ceil((batchSize + wasmImages) / 4) });
const quiet = { signal: new AbortController().signal, progress: () => undefined };
const t0 = performance.now();
// Where the time goes, on stderr (stdout carries the one JSON line).
const note = (what) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);

async function measure(backend, count) {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  const backbone = await lib.nsfwBackbone(tf, size);
  const head = lib.denseHead(tf, 1280, 4, 1, 64);
  const data = lib.inMemoryData(tf, images, 4, Number.MAX_SAFE_INTEGER);

  // Embedding extraction: batches of `batchSize`, the first one a warm-up.
  const embed = async (indices) => {
    const { x, y } = await data.batch(indices);
    const f = backbone.predict(x, { batchSize });
    await f.data();
    tf.dispose([x, y, f]);
  };
  note(`${backend}: backbone loaded`);
  await embed(data.train.slice(0, batchSize));
  note(`${backend}: warm-up embedding batch done`);
  let started = performance.now();
  for (let i = batchSize; i < batchSize + count; i += batchSize) await embed(data.train.slice(i, i + batchSize));
  const embedPerS = count / ((performance.now() - started) / 1000);
  note(`${backend}: embedding ${embedPerS.toFixed(2)} images/s`);

  // Fine-tuning: one epoch over (a warm-up batch on wasm +) `count` images.
  const warmUp = backend === 'wasm';
  const train = data.train.slice(0, (warmUp ? batchSize : 0) + count);
  let firstDone = performance.now();
  let batches = 0;
  const result = await lib.fineTune(
    tf, backbone, head, { ...data, train, validation: [] },
    { blocks: 2, learningRate: 1e-4, epochs: 1, batchSize, patience: 1, schedule: 'constant', augment: lib.defaultAugment, seed: 1 },
    {
      ...quiet,
      progress: (_v, detail) => {
        if (!detail.includes('batch')) return;
        batches++;
        note(`${backend}: fine-tuning ${detail}`);
        if (batches === 1 && warmUp) firstDone = performance.now();
      },
    },
  );
  const tuneS = (performance.now() - firstDone) / 1000;
  const tunePerS = count / tuneS;
  result.model.dispose();
  return { embedPerS, tunePerS, loss: result.history[0].loss };
}

const started = Date.now();
const wasm = await measure('wasm', wasmImages);
const cpu = await measure('cpu', cpuImages);
console.log(
  JSON.stringify({
    bench: 'image-finetune',
    model: 'nsfwjs MobileNetV2 → flatten_1 (1,280)',
    size,
    blocks: 2,
    batch: batchSize,
    images: { wasm: wasmImages, cpu: cpuImages },
    embedImagesPerS: { wasm: round(wasm.embedPerS, 2), cpu: round(cpu.embedPerS, 2), ratio: round(wasm.embedPerS / cpu.embedPerS, 2) },
    fineTuneImagesPerS: { wasm: round(wasm.tunePerS, 2), cpu: round(cpu.tunePerS, 2), ratio: round(wasm.tunePerS / cpu.tunePerS, 2) },
    finiteLoss: Number.isFinite(wasm.loss) && Number.isFinite(cpu.loss),
    seconds: round((Date.now() - started) / 1000, 1),
    load: os.loadavg().map((l) => round(l, 1)),
  }),
);
