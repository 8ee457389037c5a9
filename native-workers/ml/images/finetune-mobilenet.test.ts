// The real nsfwjs MobileNetV2 (2.3M backbone weights) on the wasm backend: its own file, since it is the slow one.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noAugment } from './augment';
import { blocksFromTop, fineTune } from './finetune';
import { denseHead, digitImages, inMemoryData, nsfwBackbone } from './finetune-fixtures';
import { useWasmBackend } from '../../runtime/wasm-testing';

const digitsCsv = fs.readFileSync(path.resolve(__dirname, '../../../../shared/data/digits.csv'), 'utf8');

function weightsByLayer(model: tf.LayersModel): Map<string, Float32Array[]> {
  const out = new Map<string, Float32Array[]>();
  for (const layer of model.layers) out.set(layer.name, layer.getWeights().map((w) => Float32Array.from(w.dataSync())));
  return out;
}

describe('fineTune of the nsfwjs MobileNetV2 on the wasm backend', () => {
  beforeAll(useWasmBackend);

  it('lowers the loss on digits, changes only Conv_1 and block_16 (BatchNorm statistics bit-identical), BN in inference mode', async () => {
    const before = tf.memory().numTensors;
    const size = 96;
    const backbone = await nsfwBackbone(tf, size);
    expect(backbone.outputs[0]!.shape).toEqual([null, 1280]);
    expect(blocksFromTop(backbone).slice(0, 3)).toEqual(['Conv_1', 'block_16', 'block_15']);
    const head = denseHead(tf, 1280, 3, 9, 64);
    const images = digitImages(digitsCsv, { size, classes: [0, 1, 7], perClass: 12 });
    const data = inMemoryData(tf, images, 3);
    const backboneBefore = weightsByLayer(backbone);

    const started = Date.now();
    const result = await fineTune(tf, backbone, head, data,
      { blocks: 2, learningRate: 5e-4, epochs: 4, batchSize: 9, patience: 4, schedule: 'constant', augment: noAugment, seed: 5 },
      { signal: new AbortController().signal, progress: () => undefined });
    const seconds = (Date.now() - started) / 1000;
    console.log(`nsfwjs MobileNetV2 ${size}px, 2 blocks: ${result.history.map((h) => `${h.loss.toFixed(3)}/${h.val_loss.toFixed(3)}/${h.val_accuracy.toFixed(2)}`).join(' ')} in ${seconds.toFixed(1)} s`);

    const first = result.history[0]!;
    const last = result.history[result.history.length - 1]!;
    expect(last.loss).toBeLessThan(first.loss);
    expect(Math.min(...result.history.map((h) => h.val_loss))).toBeLessThan(first.val_loss);

    const after = weightsByLayer(backbone);
    const changed: string[] = [];
    for (const [name, ws] of backboneBefore) {
      const now = after.get(name)!;
      if (ws.some((w, i) => w.some((v, k) => !Object.is(v, now[i]![k])))) changed.push(name);
    }
    expect(changed.sort()).toEqual(['Conv_1', 'block_16_depthwise', 'block_16_expand', 'block_16_project']);
    // Every BatchNormalization layer (gamma, beta, moving mean, moving variance) is bit-identical: it is in `after` unchanged.
    const bn = backbone.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => l.name);
    expect(bn.length).toBe(52);
    expect(bn.filter((n) => changed.includes(n))).toEqual([]);

    // Inference-mode BatchNorm: an image's features in training mode do not depend on the rest of its batch.
    const { x, y } = await data.batch([0, 1, 2, 3]);
    const gap = tf.tidy(() => {
      const inBatch = (backbone.apply(x, { training: true }) as tf.Tensor).slice([1, 0], [1, 1280]);
      const alone = backbone.apply(x.slice([1, 0, 0, 0], [1, size, size, 3]), { training: true }) as tf.Tensor;
      return tf.max(tf.abs(tf.sub(inBatch, alone))).dataSync()[0]!;
    });
    expect(gap).toBeLessThan(1e-4);
    tf.dispose([x, y]);
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);
});
