// Image fine-tuning on the real nsfwjs MobileNetV2 (224×224, the size it was trained at): images/s of
// embedding extraction (forward pass of the frozen backbone to its 1,280 features) and of fine-tuning
// (2 top blocks + a dense head, batch 4, through fineTune itself) on the wasm backend, against the pure-JS
// cpu backend in the same run (ratio). Images are sklearn digits scaled up. The cpu backend sees fewer images
// (it is ~40× slower); every figure excludes a first warm-up batch. BENCH_IMAGES / BENCH_CPU_IMAGES / BENCH_SIZE change the sizes.
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { root, round, sharedData } from './lib.mjs';

const size = Number(process.env.BENCH_SIZE ?? 224);
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

  // Fine-tuning: one epoch over warm-up batch + `count` images; time from the end of the first batch.
  const train = data.train.slice(0, batchSize + count);
  let firstDone = 0;
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
        if (batches === 1) firstDone = performance.now();
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
