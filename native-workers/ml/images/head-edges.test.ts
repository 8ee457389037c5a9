import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeF32 } from '../tabular/codec';
import {
  buildHead,
  buildLinearHead,
  classWeightsFor,
  foldStandardiser,
  headFromJson,
  headToJson,
  predictProba,
  scheduledRate,
  trainHead,
  type HeadJson,
  type HeadSpec,
  type LabelledFeatures,
} from './head';

// Fast edge checks beside head.test.ts: heads built from JSON with hand-picked weights, so every
// probability, loss and accuracy can be recomputed here with plain arithmetic.

// Every tfjs case here runs on the CPU backend (another file in the same worker may have picked wasm).
beforeEach(async () => {
  await tf.setBackend('cpu');
});

/** What headToJson says of a head's shape, without its weights. */
const shapeOf = ({ kind, features, units, dropout, classes }: HeadJson) => ({ kind, features, units, dropout, classes });

function weight(shape: number[], values: number[]): { shape: number[]; data: string } {
  return { shape, data: encodeF32(Float32Array.from(values)) };
}

/** 2 features → 2 relu units → 2 classes; weights chosen so each unit's sign is obvious. */
function denseJson(): HeadJson {
  return {
    kind: 'dense',
    features: 2,
    units: 2,
    dropout: 0.5,
    classes: 2,
    weights: [
      weight([2, 2], [1, -1, 0.5, 1]),
      weight([2], [0, -3]),
      weight([2, 2], [1, -1, 2, 3]),
      weight([2], [0.5, 0]),
    ],
  };
}

const LIN_K = [1, 0, -1, 0, 2, 1];
const LIN_B = [0, 0.5, -0.5];

/** 2 features → 3 classes, one softmax layer. */
function linearJson(): HeadJson {
  return { kind: 'linear', features: 2, units: 0, dropout: 0, classes: 3, weights: [weight([2, 3], LIN_K), weight([3], LIN_B)] };
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Reference for linearJson: softmax(x·K + b), row by row. */
function linearRef(x: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length / 2; i++) {
    const z = [0, 1, 2].map((k) => x[i * 2]! * LIN_K[k]! + x[i * 2 + 1]! * LIN_K[3 + k]! + LIN_B[k]!);
    out.push(...softmax(z));
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, digits);
}

/** Weighted mean cross-entropy and first-max accuracy, as documented for the history. */
function reference(p: Float32Array, y: Int32Array, K: number, w: readonly number[]): { loss: number; accuracy: number } {
  let loss = 0, wsum = 0, correct = 0;
  for (let i = 0; i < y.length; i++) {
    const row = Array.from(p.subarray(i * K, i * K + K));
    loss += -w[y[i]!]! * Math.log(Math.max(1e-7, row[y[i]!]!));
    wsum += w[y[i]!]!;
    if (row.indexOf(Math.max(...row)) === y[i]) correct++;
  }
  return { loss: loss / wsum, accuracy: correct / y.length };
}

const empty: LabelledFeatures = { x: new Float32Array(0), y: new Int32Array(0) };

describe('scheduledRate', () => {
  it('keeps a constant rate, halves a step rate every 10 epochs, and guards a zero-epoch cosine', () => {
    expect(scheduledRate({ learningRate: 0.3, schedule: 'constant', epochs: 30 }, 25)).toBe(0.3);
    expect(scheduledRate({ learningRate: 0.8, schedule: 'step', epochs: 30 }, 9)).toBe(0.8);
    expect(scheduledRate({ learningRate: 0.8, schedule: 'step', epochs: 30 }, 10)).toBe(0.4);
    // cos(π · 1 / max(1, 0)) = −1, so the rate is 0 rather than NaN from a division by zero.
    expect(scheduledRate({ learningRate: 1, schedule: 'cosine', epochs: 0 }, 1)).toBeCloseTo(0, 12);
  });
});

describe('classWeightsFor', () => {
  it('gives ones unless balanced, and 0 to a class absent from the labels', () => {
    const y = Int32Array.from([0, 0, 0, 1]);
    expect(Array.from(classWeightsFor(y, 3, false))).toEqual([1, 1, 1]);
    // n / (K · count): 4 / (3 · 3), 4 / (3 · 1), and class 2 has no rows so weighs nothing (not Infinity).
    expect(Array.from(classWeightsFor(y, 3, true))).toEqual([Math.fround(4 / 9), Math.fround(4 / 3), 0]);
  });
});

describe('buildHead / buildLinearHead', () => {
  it('names the model and layers, and seeds dropout and each kernel from the given seed', async () => {
    // The names are what the stacked model and export look the head's layers up by.
    const h = buildHead(tf, 3, 4, 0.25, 2, 7);
    expect(h.name).toBe('head');
    expect(h.layers.map((l) => l.name)).toEqual(['head_dense', 'head_dropout', 'head_output']);
    expect(h.layers[1]!.getConfig()['seed']).toBe(8);
    const ws = h.getWeights();
    const k1 = tf.initializers.glorotUniform({ seed: 7 }).apply([3, 4]);
    const k2 = tf.initializers.glorotUniform({ seed: 9 }).apply([4, 2]);
    expect(Array.from(await ws[0]!.data())).toEqual(Array.from(await k1.data()));
    expect(Array.from(await ws[2]!.data())).toEqual(Array.from(await k2.data()));
    k1.dispose();
    k2.dispose();
    h.dispose();
    const lin = buildLinearHead(tf, 3, 2);
    expect(lin.name).toBe('head');
    expect(lin.layers.map((l) => l.name)).toEqual(['head_output']);
    lin.dispose();
  });
});

describe('headToJson / headFromJson / predictProba', () => {
  it('predicts a dense head by hand, with dropout off, and round-trips its JSON', async () => {
    const start = tf.memory().numTensors;
    const h = headFromJson(tf, denseJson());
    // x = (1, 2): hidden = relu(1·1 + 2·0.5, 1·(−1) + 2·1 − 3) = (2, 0); logits = (2·1 + 0.5, 2·(−1)) = (2.5, −2).
    // x = (0, 0): hidden = relu(0, −3) = (0, 0); logits = (0.5, 0).
    const p = await predictProba(tf, h, Float32Array.from([1, 2, 0, 0]), 2);
    expectClose(p, [...softmax([2.5, -2]), ...softmax([0.5, 0])]);
    const json = await headToJson(h, 0.5);
    expect(shapeOf(json)).toEqual({ kind: 'dense', features: 2, units: 2, dropout: 0.5, classes: 2 });
    expect(json.weights).toEqual(denseJson().weights);
    h.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('round-trips a linear head as linear, with no units or dropout', async () => {
    const start = tf.memory().numTensors;
    const h = headFromJson(tf, linearJson());
    expect(h.layers.length).toBe(1);
    const json = await headToJson(h, 0.4);
    expect(shapeOf(json)).toEqual({ kind: 'linear', features: 2, units: 0, dropout: 0, classes: 3 });
    expect(json.weights).toEqual(linearJson().weights);
    const x = [1, 2, -1, 0.5, 0, 0];
    expectClose(await predictProba(tf, h, Float32Array.from(x), 2), linearRef(x));
    h.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('predicts in chunks that do not divide the rows, placing each chunk at its rows', async () => {
    const start = tf.memory().numTensors;
    const h = headFromJson(tf, linearJson());
    const x5 = [1, 2, -1, 0.5, 0, 0, 3, -2, 0.25, 1];
    expectClose(await predictProba(tf, h, Float32Array.from(x5), 2, 2), linearRef(x5));
    const x4 = x5.slice(0, 8);
    expectClose(await predictProba(tf, h, Float32Array.from(x4), 2, 2), linearRef(x4));
    h.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('foldStandardiser', () => {
  it('folds (x − mean) / scale into the first layer and leaves the output layer alone', async () => {
    const start = tf.memory().numTensors;
    const h = headFromJson(tf, denseJson());
    await foldStandardiser(tf, h, Float64Array.from([1, -2]), Float64Array.from([2, 4]));
    const ws = h.getWeights();
    // Kernel rows divided by their feature's scale: (1, −1)/2, (0.5, 1)/4.
    expectClose(await ws[0]!.data(), [0.5, -0.5, 0.125, 0.25], 6);
    // bias_u − Σ_j w_ju · mean_j: 0 − (0.5·1 + 0.125·(−2)) = −0.25; −3 − (−0.5·1 + 0.25·(−2)) = −2.
    expectClose(await ws[1]!.data(), [-0.25, -2], 6);
    expectClose(await ws[2]!.data(), [1, -1, 2, 3], 6);
    expectClose(await ws[3]!.data(), [0.5, 0], 6);
    // Raw (3, 6) through the folded head is standardised (1, 2) through the original: see the dense hand check.
    expectClose(await predictProba(tf, h, Float32Array.from([3, 6]), 2), softmax([2.5, -2]));
    h.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('trainHead', () => {
  it('refuses features that do not divide into the rows, and no rows', async () => {
    const spec: HeadSpec = { units: 2, dropout: 0, learningRate: 0.1, epochs: 1, batchSize: 2, patience: 1, schedule: 'constant', classWeights: false, seed: 1 };
    await expect(trainHead(tf, { x: new Float32Array(5), y: new Int32Array(2) }, empty, 2, spec)).rejects.toThrow('No training images to train the head on.');
    await expect(trainHead(tf, empty, empty, 2, spec)).rejects.toThrow('No training images to train the head on.');
  });

  it('at rate 0 reports the initial loss, uses it as validation loss without validation rows, and stops after patience', async () => {
    const start = tf.memory().numTensors;
    // 6 rows in batches of 4 (a full and a partial batch), 3 classes, 2 features.
    const train: LabelledFeatures = { x: Float32Array.from([1, 0, 0, 1, -1, -1, 2, 0, 0, 2, -2, -1]), y: Int32Array.from([0, 1, 2, 0, 1, 2]) };
    const spec: HeadSpec = { units: 4, dropout: 0, learningRate: 0, epochs: 10, batchSize: 4, patience: 2, schedule: 'constant', classWeights: false, seed: 5 };
    // Rate 0 never moves the weights, so every batch sees the initial head: the epoch loss (batch means
    // weighted by batch size) is the plain mean cross-entropy of the initial head over all rows.
    const initial = buildHead(tf, 2, 4, 0, 3, 5);
    const ref = reference(await predictProba(tf, initial, train.x, 2), train.y, 3, [1, 1, 1]);
    initial.dispose();
    const calls: { fraction: number; detail: string; metrics?: Record<string, number> }[] = [];
    const seen: number[] = [];
    const a = await trainHead(tf, train, empty, 3, spec, {
      checkpoint: (fraction, detail, metrics) => {
        calls.push(metrics ? { fraction, detail, metrics } : { fraction, detail });
      },
      onEpoch: (history) => seen.push(history.length),
    });
    // Loss never improves on epoch 1's, so with patience 2 epoch 3 (3 − 1 ≥ 2) stops the run.
    expect(a.bestEpoch).toBe(1);
    expect(a.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(seen).toEqual([1, 2, 3]);
    for (const h of a.history) {
      expect(h.loss).toBeCloseTo(ref.loss, 5);
      expect(h.valLoss).toBe(h.loss);
      expect(h.valAccuracy).toBeNaN();
      expect(h.accuracy).toBeCloseTo(ref.accuracy, 12);
      expect(h.lr).toBe(0);
    }
    // Two batches an epoch over 10 epochs: progress (epoch + (b + 1)/2) / 10, then the epoch's end.
    // Each is one correctly rounded division of exact operands, so the literals compare exactly.
    expect(calls.map((c) => c.fraction)).toEqual([0.05, 0.1, 0.1, 0.15, 0.2, 0.2, 0.25, 0.3, 0.3]);
    expect(calls.map((c) => c.detail)).toEqual([
      'epoch 1 of 10', 'epoch 1 of 10', `epoch 1: validation loss ${a.history[0]!.valLoss.toFixed(4)}`,
      'epoch 2 of 10', 'epoch 2 of 10', `epoch 2: validation loss ${a.history[1]!.valLoss.toFixed(4)}`,
      'epoch 3 of 10', 'epoch 3 of 10', `epoch 3: validation loss ${a.history[2]!.valLoss.toFixed(4)}`,
    ]);
    const h0 = a.history[0]!;
    expect(calls[2]!.metrics).toEqual({ loss: h0.loss, accuracy: h0.accuracy, val_loss: h0.valLoss, val_accuracy: h0.valAccuracy });
    a.head.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('records weighted validation loss and accuracies that match the kept head', async () => {
    const start = tf.memory().numTensors;
    // Class k is feature k raised; classes are imbalanced (4, 2, 2) so balanced weights differ from 1,
    // the row labelled 1 at class 0's features is never learnable, and (0, 0, 0.6) is a weak class 2.
    const train: LabelledFeatures = {
      x: Float32Array.from([3, 0, 0, 2.5, 0, 0, 3, 0.2, 0, 2.8, 0, 0.1, 0, 3, 0, 0, 2.5, 0, 0, 0, 3, 0.1, 0, 2.5, 3, 0, 0.2]),
      y: Int32Array.from([0, 0, 0, 0, 1, 1, 2, 2, 1]),
    };
    const val: LabelledFeatures = {
      x: Float32Array.from([0, 0, 0.6, 3, 0, 0, 0, 3, 0, 2.9, 0.1, 0, 0, 0.1, 2.7]),
      y: Int32Array.from([2, 0, 1, 1, 2]),
    };
    const spec: HeadSpec = { units: 8, dropout: 0, learningRate: 0.1, epochs: 4, batchSize: 4, patience: 4, schedule: 'constant', classWeights: true, seed: 2 };
    const a = await trainHead(tf, train, val, 3, spec);
    // Balanced weights by hand: 9 / (3 · 4), 9 / (3 · 3), 9 / (3 · 2).
    const w = [0.75, 1, 1.5].map((v) => Math.fround(v));
    const kept = a.history[a.bestEpoch - 1]!;
    const pv = await predictProba(tf, a.head, val.x, 3);
    const pt = await predictProba(tf, a.head, train.x, 3);
    const refVal = reference(pv, val.y, 3, w);
    expect(kept.valLoss).toBeCloseTo(refVal.loss, 6);
    expect(kept.valAccuracy).toBeCloseTo(refVal.accuracy, 12);
    expect(kept.accuracy).toBeCloseTo(reference(pt, train.y, 3, w).accuracy, 12);
    // Sanity of the fixture: the accuracies are strictly between 0 and 1, so argmax errors show.
    expect(refVal.accuracy).toBeGreaterThan(0);
    expect(refVal.accuracy).toBeLessThan(1);
    a.head.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
