// What mlp.test.ts's seconds-long fits only reach in bulk, on tiny networks: refusals, defaults, the untrained
// network, each output head's mapping, sample weights, the early-stopping rule, progress, predict's chunks and
// its plain-JS path. Each case was written against a mutant (docs/figures.md, #22).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../matrix';
import type { FitOptions, ModelJSON } from '../model';
import { rng } from '../rng';
import { Mlp } from './mlp';
import { forwardArrays, initDense, softmaxRows, type Tf } from './network';

/** rows × cols of smooth values, and a target per task from them. */
function data(rows: number, cols: number): Matrix {
  return matrix(rows, cols, Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * 2));
}
const X = data(40, 3);
const yBinary = Float64Array.from({ length: 40 }, (_, i) => (X.data[3 * i]! + X.data[3 * i + 1]! > 0 ? 1 : 0));
const yThree = Float64Array.from({ length: 40 }, (_, i) => i % 3);
const yReg = Float64Array.from({ length: 40 }, (_, i) => 50 + 10 * X.data[3 * i]! - 4 * X.data[3 * i + 2]!);
const binary: FitOptions = { task: 'binary', nClasses: 2, seed: 9 };
const three: FitOptions = { task: 'multiclass', nClasses: 3, seed: 9 };
const regression: FitOptions = { task: 'regression', nClasses: 1, seed: 9 };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('Mlp refuses what it cannot fit, saying what was wrong', () => {
  it('parameters', () => {
    for (const dropout of [1, -0.1, Number.NaN]) expect(() => new Mlp({ dropout })).toThrow('dropout must be in [0, 1).');
    expect(new Mlp({ dropout: 0 }).dropout).toBe(0);
    for (const hidden of [[0], [4, 1.5], [-2]]) expect(() => new Mlp({ hidden })).toThrow('Hidden layer widths must be positive integers.');
    expect(new Mlp({ hidden: [1] }).hidden).toEqual([1]);
  });

  it('inputs, labels and use before fitting', async () => {
    await expect(new Mlp().fit(X, new Float64Array(39), binary)).rejects.toThrow('40 rows but 39 targets.');
    await expect(new Mlp().fit(matrix(0, 3), new Float64Array(0), binary)).rejects.toThrow('0 rows but 0 targets.');
    await expect(new Mlp().fit(X, Float64Array.from(yThree), binary)).rejects.toThrow('Row 2 has class 2; expected an index in 0..1.');
    const m = new Mlp();
    expect(() => m.predict(X)).toThrow('The mlp model has not been fitted.');
    expect(() => m.toJSON()).toThrow('The mlp model has not been fitted.');
    const fitted = new Mlp({ hidden: [2], epochs: 1 });
    await fitted.fit(X, yBinary, binary);
    expect(() => fitted.predict(data(2, 4))).toThrow('The model was trained on 3 columns, got 4.');
  });

  it('saved forms that are not an mlp, or are broken', async () => {
    const m = new Mlp({ hidden: [2], epochs: 1 });
    await m.fit(X, yBinary, binary);
    const json = m.toJSON();
    expect(() => Mlp.fromJSON({ ...json, type: 'svm' })).toThrow('Expected an mlp model, got svm.');
    expect(() => Mlp.fromJSON({ ...json, task: 'ranking' })).toThrow('Unknown task ranking.');
    expect(() => Mlp.fromJSON({ ...json, output: 'tanh' })).toThrow('Unknown output tanh.');
    expect(() => Mlp.fromJSON({ ...json, layers: 'none' })).toThrow('Model JSON field "layers" is missing or malformed.');
    const layers = json['layers'] as { inputs: number; outputs: number; W: string; b: string }[];
    expect(() => Mlp.fromJSON({ ...json, layers: [{ ...layers[0]!, inputs: 4 }, layers[1]!] })).toThrow('Model JSON layer shapes do not match.');
    expect(() => Mlp.fromJSON({ ...json, layers: [{ ...layers[0]!, b: layers[1]!.b }, layers[1]!] })).toThrow('Model JSON layer shapes do not match.');
    for (const task of ['binary', 'multiclass', 'regression']) expect(() => Mlp.fromJSON({ ...json, task })).not.toThrow();
  });
});

describe('defaults and the saved form', () => {
  it("are Keras-like: [64, 32], no dropout, Adam 1e-3, 200 epochs of 32 rows, patience 10", () => {
    const m = new Mlp();
    expect([m.hidden, m.dropout, m.learningRate, m.epochs, m.batchSize, m.patience]).toEqual([[64, 32], 0, 1e-3, 200, 32, 10]);
    expect(m.validationLoss).toBeNaN();
  });

  it('keeps every parameter, the head and the epochs run', async () => {
    const m = new Mlp({ hidden: [3, 2], dropout: 0.25, learningRate: 0.02, epochs: 2, batchSize: 7, patience: 4 });
    await m.fit(X, yReg, regression);
    // No early-stopping rows, no early-stopping loss.
    expect(m.validationLoss).toBeNaN();
    const json = m.toJSON();
    expect([json.hidden, json.dropout, json.learningRate, json.epochs, json.batchSize, json.patience, json.epochsRun])
      .toEqual([[3, 2], 0.25, 0.02, 2, 7, 4, 2]);
    expect([json.task, json.nClasses, json.output]).toEqual(['regression', 1, 'linear']);
    const back = Mlp.fromJSON(JSON.parse(JSON.stringify(json)) as ModelJSON);
    expect([back.hidden, back.dropout, back.learningRate, back.epochs, back.batchSize, back.patience, back.epochsRun])
      .toEqual([[3, 2], 0.25, 0.02, 2, 7, 4, 2]);
    expect(Array.from(back.predict(X))).toEqual(Array.from(m.predict(X)));
  });
});

describe('the untrained network (0 epochs) is the seeded Glorot start, through each head', () => {
  /** The start a fit draws: the seed's first fork, Glorot-uniform kernels, zero biases. */
  function startLogits(outputs: number, hidden: number[], seed: number): Float32Array {
    return forwardArrays(Float32Array.from(X.data), X.rows, initDense([X.cols, ...hidden, outputs], rng(seed).fork()));
  }

  it('binary: [1 − σ(z), σ(z)]', async () => {
    const m = new Mlp({ hidden: [5], epochs: 0 });
    await m.fit(X, yBinary, binary);
    expect(m.epochsRun).toBe(0);
    const z = startLogits(1, [5], 9);
    const expected = Array.from(z).flatMap((v) => [1 - 1 / (1 + Math.exp(-v)), 1 / (1 + Math.exp(-v))]);
    expect(maxDiff(m.predict(X), expected)).toBeLessThan(1e-6);
    expect(m.toJSON().output).toBe('sigmoid');
  });

  it('multiclass: softmax rows', async () => {
    const m = new Mlp({ hidden: [4, 3], epochs: 0 });
    await m.fit(X, yThree, three);
    expect(maxDiff(m.predict(X), softmaxRows(startLogits(3, [4, 3], 9), 3))).toBeLessThan(1e-6);
    expect([m.toJSON().output, m.toJSON().nClasses]).toEqual(['softmax', 3]);
  });

  it("regression: the logit on the target's scale (population standard deviation)", async () => {
    const m = new Mlp({ hidden: [5], epochs: 0 });
    await m.fit(X, yReg, regression);
    const mean = yReg.reduce((a, b) => a + b, 0) / yReg.length;
    const std = Math.sqrt(yReg.reduce((a, v) => a + (v - mean) ** 2, 0) / yReg.length);
    const json = m.toJSON();
    expect(json.yMean).toBeCloseTo(mean, 10);
    expect(json.yStd).toBeCloseTo(std, 10);
    const expected = Array.from(startLogits(1, [5], 9), (v) => v * std + mean);
    expect(maxDiff(m.predict(X), expected)).toBeLessThan(1e-4);
  });

  it('a constant regression target keeps a scale of 1', async () => {
    const m = new Mlp({ hidden: [2], epochs: 0 });
    await m.fit(X, new Float64Array(40).fill(7), regression);
    expect([m.toJSON().yMean, m.toJSON().yStd]).toEqual([7, 1]);
  });

  it('Glorot-uniform kernels within ±√(6 / (in + out)), zero biases', () => {
    const [first, second] = initDense([30, 20, 10], rng(1));
    for (const [l, limit] of [[first!, Math.sqrt(6 / 50)], [second!, Math.sqrt(6 / 30)]] as const) {
      expect(l.W.length).toBe(l.inputs * l.outputs);
      const big = l.W.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      expect(big).toBeLessThanOrEqual(limit);
      expect(big).toBeGreaterThan(0.95 * limit);
      expect(l.W.some((v) => v < 0) && l.W.some((v) => v > 0)).toBe(true);
      expect(Array.from(l.b)).toEqual(new Array(l.outputs).fill(0));
    }
  });
});

describe('training', () => {
  it('integer sample weights are repeated rows (one full batch, no dropout)', async () => {
    const times = (i: number): number => 1 + (i % 3);
    const rows: number[] = [];
    for (let i = 0; i < X.rows; i++) for (let t = 0; t < times(i); t++) rows.push(i);
    const Xr = matrix(rows.length, 3, Float64Array.from(rows.flatMap((r) => Array.from(X.data.subarray(3 * r, 3 * r + 3)))));
    const yr = Float64Array.from(rows, (r) => yBinary[r]!);
    const params = { hidden: [4], epochs: 5, batchSize: 200, learningRate: 0.05 };
    const weighted = new Mlp(params);
    await weighted.fit(X, yBinary, { ...binary, sampleWeight: Float64Array.from({ length: X.rows }, (_, i) => times(i)) });
    const repeated = new Mlp(params);
    await repeated.fit(Xr, yr, binary);
    const plain = new Mlp(params);
    await plain.fit(X, yBinary, binary);
    const p = weighted.predict(X);
    expect(maxDiff(p, repeated.predict(X))).toBeLessThan(1e-4);
    expect(maxDiff(p, plain.predict(X))).toBeGreaterThan(1e-3);
  });

  it("the early-stopping loss is the kept weights' cross-entropy on the held rows", async () => {
    const held = data(15, 3);
    const heldBinary = Float64Array.from({ length: 15 }, (_, i) => (held.data[3 * i]! > 0 ? 1 : 0));
    const b = new Mlp({ hidden: [4], epochs: 3, learningRate: 0.05, patience: 50 });
    await b.fit(X, yBinary, { ...binary, earlyStopping: { X: held, y: heldBinary } });
    const pb = b.predict(held);
    let ce = 0;
    for (let i = 0; i < 15; i++) ce -= Math.log(pb[2 * i + heldBinary[i]!]!);
    expect(b.validationLoss).toBeCloseTo(ce / 15, 5);
    const heldThree = Float64Array.from({ length: 15 }, (_, i) => (i * 2) % 3);
    const m = new Mlp({ hidden: [4], epochs: 3, learningRate: 0.05, patience: 50 });
    await m.fit(X, yThree, { ...three, earlyStopping: { X: held, y: heldThree } });
    const pm = m.predict(held);
    let ce3 = 0;
    for (let i = 0; i < 15; i++) ce3 -= Math.log(pm[3 * i + heldThree[i]!]!);
    expect(m.validationLoss).toBeCloseTo(ce3 / 15, 5);
  });

  it('stops after `patience` epochs without a better loss (a learning rate of 0 never improves)', async () => {
    for (const patience of [1, 3]) {
      const m = new Mlp({ hidden: [2], epochs: 50, learningRate: 0, patience });
      await m.fit(X, yReg, { ...regression, earlyStopping: { X, y: yReg } });
      expect(m.epochsRun).toBe(patience + 1);
      expect(Number.isFinite(m.validationLoss)).toBe(true);
    }
  });

  it('reports progress per epoch and every 50 batches, and 1 at the end', async () => {
    const seen: [number, string | undefined][] = [];
    const m = new Mlp({ hidden: [2], epochs: 2, batchSize: 1 });
    await m.fit(data(60, 3), new Float64Array(60), { ...regression, checkpoint: (f, d) => seen.push([f, d]) });
    expect(seen).toEqual([[0, 'epoch 1'], [50 / 60 / 2, 'epoch 1'], [0.5, 'epoch 2'], [(1 + 50 / 60) / 2, 'epoch 2'], [1, undefined]]);
  });
});

describe('prediction', () => {
  it('rows past the 8,192-row chunk are predicted as the rows before it', async () => {
    const m = new Mlp({ hidden: [3], epochs: 1 });
    await m.fit(X, yThree, three);
    const big = data(8200, 3);
    const all = m.predict(big);
    const tail = m.predict(matrix(20, 3, big.data.slice(8180 * 3)));
    expect(maxDiff(all.subarray(8180 * 3), tail)).toBe(0);
    expect(maxDiff(all.subarray(0, 60), m.predict(matrix(20, 3, big.data.slice(0, 60))))).toBe(0);
  });

  it("the plain-JS path (a backend that cannot read synchronously, as webgpu) gives tfjs' answers", async () => {
    // As on webgpu in Node, nothing may be read back synchronously: tfjs's own predict path would call tidy.
    const asWebgpu = { ...tf, getBackend: () => 'webgpu', tidy: () => { throw new Error('no synchronous read on this backend'); } } as unknown as Tf;
    for (const [y, opts] of [[yBinary, binary], [yThree, three], [yReg, regression]] as const) {
      const m = new Mlp({ hidden: [4], epochs: 2, learningRate: 0.05 });
      await m.fit(X, y, opts);
      const json = JSON.parse(JSON.stringify(m.toJSON())) as ModelJSON;
      expect(maxDiff(Mlp.fromJSON(json, asWebgpu).predict(X), m.predict(X))).toBeLessThan(1e-5 * (opts.task === 'regression' ? 100 : 1));
    }
  });
});
