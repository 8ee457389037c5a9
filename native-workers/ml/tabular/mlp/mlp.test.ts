import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../linear/fixtures/datasets';
import { takeRows, takeValues } from '../matrix';
import type { FitOptions } from '../model';
import { Mlp } from './mlp';

function accuracy(proba: Float64Array, y: Float64Array, K: number): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    if (best === y[i]) right++;
  }
  return right / y.length;
}

function split(n: number, every: number): { train: number[]; held: number[] } {
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < n; i++) (i % every === 0 ? held : train).push(i);
  return { train, held };
}

describe('Mlp (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('learns breast_cancer, leaves no tensors, replays from its seed and its JSON', async () => {
    const { X, y } = dataset('breast_cancer');
    const before = tf.memory().numTensors;
    const opts: FitOptions = { task: 'binary', nClasses: 2, seed: 42 };
    const m = new Mlp({ epochs: 30, dropout: 0.1 });
    await m.fit(X, y, opts);
    const proba = m.predict(X);
    expect(accuracy(proba, y, 2)).toBeGreaterThan(0.97);
    for (let i = 0; i < X.rows; i++) expect(proba[2 * i]! + proba[2 * i + 1]!).toBeCloseTo(1, 6);
    const again = new Mlp({ epochs: 30, dropout: 0.1 });
    await again.fit(X, y, opts);
    expect(Array.from(again.predict(X))).toEqual(Array.from(proba));
    const restored = Mlp.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(restored.predict(X))).toEqual(Array.from(proba));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('softmax on digits with sample weights', async () => {
    const { X, y } = dataset('digits');
    const before = tf.memory().numTensors;
    const m = new Mlp({ epochs: 25 });
    const sampleWeight = Float64Array.from(y, (v) => (v === 0 ? 2 : 1));
    await m.fit(X, y, { task: 'multiclass', nClasses: 10, seed: 1, sampleWeight });
    const proba = m.predict(X);
    expect(accuracy(proba, y, 10)).toBeGreaterThan(0.95);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('regression on diabetes (target standardised inside, predictions on the original scale)', async () => {
    const { X, y } = dataset('diabetes');
    const m = new Mlp({ epochs: 40, hidden: [16] });
    await m.fit(X, y, { task: 'regression', nClasses: 1, seed: 5 });
    const pred = m.predict(X);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < y.length; i++) {
      ssRes += (y[i]! - pred[i]!) ** 2;
      ssTot += (y[i]! - mean) ** 2;
    }
    expect(1 - ssRes / ssTot).toBeGreaterThan(0.45);
  });

  it('early stopping ends before the epoch budget and keeps the best weights', async () => {
    const { X, y } = dataset('diabetes');
    const { train, held } = split(X.rows, 5);
    const m = new Mlp({ epochs: 500, patience: 5, learningRate: 0.01 });
    const heldX = takeRows(X, held);
    const heldY = takeValues(y, held);
    await m.fit(takeRows(X, train), takeValues(y, train), {
      task: 'regression', nClasses: 1, seed: 2, earlyStopping: { X: heldX, y: heldY },
    });
    expect(m.epochsRun).toBeLessThan(500);
    expect(m.epochsRun).toBeGreaterThan(5);
    // The kept weights are the best epoch's: their held-out loss (standardised target) is the one reported.
    const yStd = m.toJSON()['yStd'] as number;
    const pred = m.predict(heldX);
    let mse = 0;
    for (let i = 0; i < heldY.length; i++) mse += ((pred[i]! - heldY[i]!) / yStd) ** 2;
    expect(mse / heldY.length).toBeCloseTo(m.validationLoss, 4);
  });

  it('cancels from the checkpoint without leaking tensors', async () => {
    const { X, y } = dataset('breast_cancer');
    const before = tf.memory().numTensors;
    let calls = 0;
    const m = new Mlp({ epochs: 50 });
    await expect(
      m.fit(X, y, {
        task: 'binary', nClasses: 2, seed: 1,
        checkpoint: () => { if (++calls > 3) throw new Error('cancelled'); },
      }),
    ).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
    expect(() => m.predict(X)).toThrow('not been fitted');
  });
});
