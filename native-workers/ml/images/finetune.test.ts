import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCancel } from '../../runtime/context';
import { noAugment } from './augment';
import { blockOf, blocksFromTop, evaluate, fineTune, learningRateAt, type FineTuneData, type FineTuneSpec } from './finetune';
import { denseHead, digitImages, inMemoryData, tinyMobileNetV2 } from './finetune-fixtures';
import { useWasmBackend } from '../../runtime/wasm-testing';

const digitsCsv = fs.readFileSync(path.resolve(__dirname, '../../../../shared/data/digits.csv'), 'utf8');

/** Every weight of a model by layer, as plain copies. */
function weightsByLayer(model: tf.LayersModel): Map<string, Float32Array[]> {
  const out = new Map<string, Float32Array[]>();
  for (const layer of model.layers) out.set(layer.name, layer.getWeights().map((w) => Float32Array.from(w.dataSync())));
  return out;
}

function changedLayers(before: Map<string, Float32Array[]>, after: Map<string, Float32Array[]>): string[] {
  const changed: string[] = [];
  for (const [name, ws] of before) {
    const now = after.get(name)!;
    if (ws.some((w, i) => w.some((v, k) => !Object.is(v, now[i]![k])))) changed.push(name);
  }
  return changed;
}

/** A tiny net whose BatchNorm statistics come from a few of the images it will see. */
async function tinyNet(data: FineTuneData, size: number, seed: number): Promise<tf.LayersModel> {
  const { x, y } = await data.batch(data.train.slice(0, 16));
  const net = tinyMobileNetV2(tf, { size, seed, calibration: x });
  tf.dispose([x, y]);
  return net;
}

const quiet = { signal: new AbortController().signal, progress: () => undefined };

describe('fineTune on the wasm backend', () => {
  beforeAll(useWasmBackend);

  it('groups MobileNetV2 layers into blocks, Conv_1 on top', () => {
    expect(blockOf('block_16_expand_BN')).toBe('block_16');
    expect(blockOf('Conv_1')).toBe('Conv_1');
    expect(blockOf('Conv_1_bn')).toBe('Conv_1');
    expect(blockOf('Conv1')).toBe('stem');
    expect(blockOf('expanded_conv_project')).toBe('stem');
    const calibration = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const net = tinyMobileNetV2(tf, { size: 16, seed: 1, calibration });
    expect(blocksFromTop(net)).toEqual(['Conv_1', 'block_2', 'block_1']);
    tf.dispose(calibration);
    net.dispose();
  });

  it('schedules the learning rate', () => {
    const spec = { learningRate: 0.01, epochs: 9 };
    expect(learningRateAt({ ...spec, schedule: 'constant' }, 5, 50, 90)).toBe(0.01);
    expect(learningRateAt({ ...spec, schedule: 'cosine' }, 0, 0, 90)).toBeCloseTo(0.01, 12);
    expect(learningRateAt({ ...spec, schedule: 'cosine' }, 4, 45, 90)).toBeCloseTo(0.005, 12);
    expect(learningRateAt({ ...spec, schedule: 'step' }, 2, 0, 90)).toBeCloseTo(0.01, 12);
    expect(learningRateAt({ ...spec, schedule: 'step' }, 3, 0, 90)).toBeCloseTo(0.001, 12);
    expect(learningRateAt({ ...spec, schedule: 'step' }, 8, 0, 90)).toBeCloseTo(0.0001, 12);
  });

  it('trains a small MobileNetV2-like net: loss falls, only the top blocks and the head change, BatchNorm stays frozen, the best epoch is restored', async () => {
    const before = tf.memory().numTensors;
    const images = digitImages(digitsCsv, { size: 24, classes: [0, 1, 7], perClass: 24 });
    const data = inMemoryData(tf, images, 3);
    const net = await tinyNet(data, 24, 3);
    const head = denseHead(tf, 32, 3, 5);
    const netBefore = weightsByLayer(net);
    const headBefore = weightsByLayer(head);
    const spec: FineTuneSpec = {
      blocks: 2, learningRate: 1e-2, epochs: 6, batchSize: 12, patience: 6, schedule: 'constant',
      augment: { ...noAugment, rotationDeg: 5, colorJitter: 0.05 }, seed: 11,
    };
    const progress: number[] = [];
    const result = await fineTune(tf, net, head, data, spec, { signal: new AbortController().signal, progress: (v) => progress.push(v) });

    expect(result.history).toHaveLength(6);
    const first = result.history[0]!;
    const last = result.history[result.history.length - 1]!;
    expect(last.loss).toBeLessThan(first.loss * 0.8);
    expect(Math.min(...result.history.map((h) => h.val_loss))).toBeLessThan(first.val_loss);
    expect(progress.length).toBeGreaterThan(6 * 4);
    expect(progress[progress.length - 1]).toBe(1);

    const changed = changedLayers(netBefore, weightsByLayer(net));
    // Conv_1 and block_2's convs trained; nothing below, and no BatchNorm (moving statistics bit-identical).
    expect(changed.sort()).toEqual(['Conv_1', 'block_2_depthwise', 'block_2_expand', 'block_2_project']);
    expect(result.trainedLayers).toEqual(['block_2_expand', 'block_2_depthwise', 'block_2_project', 'Conv_1', 'head_dense', 'head_logits']);
    expect(changedLayers(headBefore, weightsByLayer(head)).sort()).toEqual(['head_dense', 'head_logits']);

    // The model holds the best epoch's weights: evaluating it gives that epoch's validation loss.
    const best = result.history[result.bestEpoch - 1]!;
    expect(best.val_loss).toBe(Math.min(...result.history.map((h) => h.val_loss)));
    const now = await evaluate(tf, net, head, data, 12, true, quiet.signal);
    expect(now.loss).toBeCloseTo(best.val_loss, 5);
    expect(result.model.outputs[0]!.shape).toEqual([null, 3]);
    // The combined model is head(backbone(x)), and it saves and loads back (nested models and all).
    const { x, y } = await data.batch(data.validation.slice(0, 4));
    const direct = tf.tidy(() => Array.from((head.predict(net.predict(x) as tf.Tensor) as tf.Tensor).dataSync()));
    const combined = tf.tidy(() => Array.from((result.model.predict(x) as tf.Tensor).dataSync()));
    expect(combined).toEqual(direct);
    let saved: tf.io.ModelArtifacts | null = null;
    await result.model.save(tf.io.withSaveHandler((artifacts) => {
      saved = artifacts;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const reloaded = tf.tidy(() => Array.from((loaded.predict(x) as tf.Tensor).dataSync()));
    reloaded.forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 6));
    loaded.dispose();
    tf.dispose([x, y]);

    // The combined model owns the two it nests.
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps BatchNorm in inference mode even when called with training = true (per-image outputs do not depend on the batch)', async () => {
    const images = digitImages(digitsCsv, { size: 16, classes: [3, 8], perClass: 8 });
    const data = inMemoryData(tf, images, 2);
    const net = await tinyNet(data, 16, 4);
    const head = denseHead(tf, 32, 2, 6);
    const { x, y } = await data.batch([0, 1, 2, 3, 4, 5]);
    const single = x.slice([0, 0, 0, 0], [1, 16, 16, 3]);
    const rowGap = (m: tf.LayersModel) =>
      tf.tidy(() => {
        const inBatch = (m.apply(x, { training: true }) as tf.Tensor).slice([0, 0], [1, 32]);
        const alone = m.apply(single, { training: true }) as tf.Tensor;
        return tf.max(tf.abs(tf.sub(inBatch, alone))).dataSync()[0]!;
      });
    // A fresh net normalises with batch statistics in training mode: the same image gives another output in another batch.
    expect(rowGap(net)).toBeGreaterThan(1e-2);
    const result = await fineTune(tf, net, head, data, { blocks: 1, learningRate: 1e-3, epochs: 1, batchSize: 4, patience: 1, schedule: 'constant', augment: noAugment, seed: 1 }, quiet);
    expect(rowGap(net)).toBeLessThan(1e-5);
    tf.dispose([x, y, single]);
    result.model.dispose();
  });

  it('replays bit for bit from its seed (batch order, augmentation, dropout masks)', async () => {
    const data = inMemoryData(tf, digitImages(digitsCsv, { size: 16, classes: [2, 5], perClass: 10 }), 2);
    const spec: FineTuneSpec = {
      blocks: 2, learningRate: 3e-3, epochs: 2, batchSize: 5, patience: 2, schedule: 'step',
      augment: { flip: false, rotationDeg: 8, cropFraction: 0.1, colorJitter: 0.1 }, seed: 21,
    };
    const once = async (seed: number) => {
      const net = await tinyNet(data, 16, 8);
      const head = denseHead(tf, 32, 2, 3);
      const r = await fineTune(tf, net, head, data, { ...spec, seed }, quiet);
      const weights = Array.from(head.getWeights()[0]!.dataSync());
      r.model.dispose();
      return { losses: r.history.map((h) => [h.loss, h.val_loss]), weights };
    };
    const a = await once(21);
    const b = await once(21);
    const c = await once(22);
    expect(b).toEqual(a);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('weights classes, and a cancel stops it between batches with CANCELLED and no leaked tensors', async () => {
    const data = inMemoryData(tf, digitImages(digitsCsv, { size: 16, classes: [4, 9], perClass: 12 }), 2);
    const net = await tinyNet(data, 16, 5);
    const head = denseHead(tf, 32, 2, 7);
    const before = tf.memory().numTensors;
    const spec: FineTuneSpec = { blocks: 1, learningRate: 1e-3, epochs: 3, batchSize: 4, patience: 3, schedule: 'cosine', augment: noAugment, seed: 2 };
    // Zero weight on every class: no loss, no gradient, Adam moves nothing.
    const headBefore = weightsByLayer(head);
    const zero = await fineTune(tf, net, head, data, { ...spec, epochs: 1, classWeights: [0, 0] }, quiet);
    expect(zero.history[0]!.loss).toBe(0);
    expect(changedLayers(headBefore, weightsByLayer(head))).toEqual([]);
    const weighted = await fineTune(tf, net, head, data, { ...spec, epochs: 1, classWeights: [0, 1] }, quiet);
    expect(weighted.history[0]!.loss).toBeGreaterThan(0);
    expect(changedLayers(headBefore, weightsByLayer(head)).sort()).toEqual(['head_dense', 'head_logits']);
    await expect(fineTune(tf, net, head, data, { ...spec, classWeights: [1] }, quiet)).rejects.toThrow(/class weights/);

    const controller = new AbortController();
    let calls = 0;
    const err = await fineTune(tf, net, head, data, spec, {
      signal: controller.signal,
      progress: () => {
        if (++calls === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(isCancel(err)).toBe(true);
    expect(calls).toBe(2);
    // Three runs (one cancelled, one refused) left nothing behind but the two models' own weights.
    expect(tf.memory().numTensors).toBe(before);
    // Each combined model nests net and head; tfjs's reference counts then want the last one disposed more than once, so free every variable instead.
    tf.disposeVariables();
  });
});
