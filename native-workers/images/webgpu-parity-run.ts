/**
 * The webgpu-vs-wasm comparisons of webgpu-parity.test.ts, run in a plain Node process (Dawn's device
 * crashes inside vitest's worker; a child process is what a job is): writes one JSON file with what the
 * test checks, or the reason webgpu cannot run here. argv: output-file
 */
import fs from 'node:fs';
import { buildHead, trainHead } from '../ml/images/head';
import { blobs } from '../ml/images/test-blobs';
import { Mlp } from '../ml/tabular/mlp/mlp';
import { classify, stack, type Classifier } from '../jobs/images/classifier';
import { describeFailure, switchBackend } from '../runtime/backend';
import { openBackbone } from './backbone-source';
import { patternRgba } from './test-images';

const output = process.argv[2]!;

function rgbBatch(n: number, size: number): Uint8Array {
  const rgb = new Uint8Array(n * size * size * 3);
  for (let i = 0; i < n; i++) {
    const rgba = patternRgba(i % 3, 3, i, size);
    for (let p = 0; p < size * size; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), (i * size * size + p) * 3);
  }
  return rgb;
}

async function run(): Promise<object> {
  const gpu = await switchBackend('webgpu').then((r) => r.gpu, (err: unknown) => describeFailure(err));
  if (typeof gpu === 'string') return { skipped: gpu };
  const { tf } = await switchBackend('wasm');
  const { backbone, info } = await openBackbone(tf, { kind: 'builtin', id: 'mobilenet_v2' }, 224);
  const head = buildHead(tf, info.features, 32, 0, 3, 7);
  const c: Classifier = { model: stack(tf, backbone, head), info, classes: ['a', 'b', 'c'], phase: 1, dispose: () => undefined };
  const rgb = rgbBatch(4, 224);
  const onWasm = await classify(tf, c, rgb, 4);
  await switchBackend('webgpu');
  const onGpu = await classify(tf, c, rgb, 4);
  const backend = tf.getBackend();

  const train = blobs(120, 3, 16, 1, { noise: 0.5, shift: 3 });
  const val = blobs(60, 3, 16, 2, { noise: 0.5, shift: 3 });
  const spec = { units: 16, dropout: 0, learningRate: 0.01, epochs: 20, batchSize: 32, patience: 5, schedule: 'constant', classWeights: false, seed: 1 } as const;
  const h = await trainHead(tf, train, val, 3, spec);
  const mlp = new Mlp({ hidden: [16], epochs: 30, learningRate: 0.01 }, tf);
  const X = { rows: 120, cols: 16, data: Float64Array.from(train.x) };
  await mlp.fit(X, Float64Array.from(train.y), { task: 'multiclass', nClasses: 3, seed: 1 });
  return {
    adapter: gpu,
    backend,
    onWasm: Array.from(onWasm),
    onGpu: Array.from(onGpu),
    headValAccuracy: h.history.at(-1)!.valAccuracy,
    mlpProbabilities: Array.from(mlp.predict(X)),
    labels: Array.from(train.y),
  };
}

void run().then((result) => {
  fs.writeFileSync(output, JSON.stringify(result));
  process.exit(0);
});
