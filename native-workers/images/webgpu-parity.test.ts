/**
 * The same models on webgpu and on wasm in one process: image probabilities within 1e-3 and the same top-1,
 * and the phase-1 head and tabular MLP training on webgpu. Runs wherever a WebGPU adapter exists; elsewhere
 * (CI, any machine without a GPU driver Dawn accepts) it is skipped with the reason, which is checked.
 */
import { describe, expect, it } from 'vitest';
import { buildHead, trainHead } from '../ml/images/head';
import { blobs } from '../ml/images/test-blobs';
import { Mlp } from '../ml/tabular/mlp/mlp';
import { classify, stack, type Classifier } from '../jobs/images/classifier';
import { describeFailure, switchBackend } from '../runtime/backend';
import { openBackbone } from './backbone-source';
import { patternRgba } from './test-images';

const skipped = await switchBackend('webgpu').then(
  () => null,
  (err: unknown) => describeFailure(err),
);
if (skipped) console.log(`webgpu parity tests skipped: ${skipped}`);

function rgbBatch(n: number, size: number): Uint8Array {
  const rgb = new Uint8Array(n * size * size * 3);
  for (let i = 0; i < n; i++) {
    const rgba = patternRgba(i % 3, 3, i, size);
    for (let p = 0; p < size * size; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), (i * size * size + p) * 3);
  }
  return rgb;
}

function top1(p: Float32Array, K: number): number[] {
  return Array.from({ length: p.length / K }, (_, i) => {
    const row = Array.from(p.subarray(i * K, (i + 1) * K));
    return row.indexOf(Math.max(...row));
  });
}

describe('webgpu without an adapter', () => {
  it.runIf(skipped !== null)('is skipped for a reason the backend order names', () => {
    expect(skipped).toMatch(/^(no adapter \(Dawn found no .+\)|not installed)$/);
  });
});

describe.skipIf(skipped !== null)(`webgpu against wasm${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it('gives the bundled MobileNetV2 + head the same probabilities (1e-3) and top-1 at 224 px', async () => {
    const { tf } = await switchBackend('wasm');
    const { backbone, info } = await openBackbone(tf, { kind: 'builtin', id: 'mobilenet_v2' }, 224);
    const head = buildHead(tf, info.features, 32, 0, 3, 7);
    const c: Classifier = { model: stack(tf, backbone, head), info, classes: ['a', 'b', 'c'], phase: 1, dispose: () => undefined };
    const rgb = rgbBatch(6, 224);
    const onWasm = await classify(tf, c, rgb, 6);
    await switchBackend('webgpu');
    const onGpu = await classify(tf, c, rgb, 6);
    expect(tf.getBackend()).toBe('webgpu');
    for (let i = 0; i < onWasm.length; i++) expect(Math.abs(onGpu[i]! - onWasm[i]!)).toBeLessThan(1e-3);
    expect(top1(onGpu, 3)).toEqual(top1(onWasm, 3));
  });

  it('trains the phase-1 head and the tabular MLP on webgpu', async () => {
    const { tf } = await switchBackend('webgpu');
    const train = blobs(120, 3, 16, 1, { noise: 0.5, shift: 3 });
    const val = blobs(60, 3, 16, 2, { noise: 0.5, shift: 3 });
    const spec = { units: 16, dropout: 0, learningRate: 0.01, epochs: 20, batchSize: 32, patience: 5, schedule: 'constant', classWeights: false, seed: 1 } as const;
    const h = await trainHead(tf, train, val, 3, spec);
    expect(h.history.at(-1)!.valAccuracy).toBeGreaterThan(0.9);
    const mlp = new Mlp({ hidden: [16], epochs: 30, learningRate: 0.01 }, tf);
    const X = { rows: 120, cols: 16, data: Float64Array.from(train.x) };
    await mlp.fit(X, Float64Array.from(train.y), { task: 'multiclass', nClasses: 3, seed: 1 });
    const p = mlp.predict(X);
    const right = top1(Float32Array.from(p), 3).filter((k, i) => k === train.y[i]).length;
    expect(right / 120).toBeGreaterThan(0.9);
  });
});
