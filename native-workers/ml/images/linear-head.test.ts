import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cases } from '../../../main/host/testing';
import { classWeightsFor } from './head';
import { fitLinearHead, fitStandardiser, linearHeadModel, linearHeadProba, type LinearIteration } from './linear-head';

interface GoldenCase {
  K: number;
  F: number;
  C: number;
  balanced: boolean;
  x: number[];
  y: number[];
  xTest: number[];
  mean: number[];
  scale: number[];
  coef: number[];
  intercept: number[];
  proba: number[];
}

const headCases = cases((JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'linear-head-golden.json'), 'utf8')) as { cases: GoldenCase[] }).cases, 'linear head cases');

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('linear head (standardised L2 logistic regression by L-BFGS) against scikit-learn', () => {
  for (const g of headCases) {
    it(`${g.K} classes, C=${g.C}${g.balanced ? ', balanced class weights' : ''}: same scaler, coefficients and probabilities`, () => {
      const x = Float32Array.from(g.x);
      const y = Int32Array.from(g.y);
      const s = fitStandardiser(x, g.F);
      expect(maxDiff(s.mean, g.mean)).toBeLessThan(1e-5);
      expect(maxDiff(s.scale, g.scale)).toBeLessThan(1e-5);
      const head = fitLinearHead({ x, y }, g.K, { C: g.C, classWeights: classWeightsFor(y, g.K, g.balanced), tol: 1e-9, maxIter: 5000 });
      // sklearn's coefficients live in standardised space: ours are folded into raw space (coef / scale).
      const heads = g.K === 2 ? 1 : g.K;
      const first = g.K === 2 ? 1 : 0;
      for (let h = 0; h < heads; h++) {
        const ours = Array.from({ length: g.F }, (_, j) => head.coef[(h + first) * g.F + j]! * g.scale[j]!);
        expect(maxDiff(ours, g.coef.slice(h * g.F, (h + 1) * g.F))).toBeLessThan(1e-4);
      }
      expect(maxDiff(linearHeadProba(head, Float32Array.from(g.xTest)), g.proba)).toBeLessThan(1e-5);
    });
  }

  it('reports each iteration on training and validation rows, and stacks as one softmax layer giving the same probabilities', async () => {
    await tf.setBackend('cpu');
    const g = headCases[0]!;
    const x = Float32Array.from(g.x);
    const y = Int32Array.from(g.y);
    const seen: LinearIteration[] = [];
    const val = { x: Float32Array.from(g.xTest), y: Int32Array.from({ length: 12 }, (_, i) => i % g.K) };
    const head = fitLinearHead({ x, y }, g.K, { C: g.C, classWeights: classWeightsFor(y, g.K, true), validation: val, onIteration: (it) => seen.push(it) });
    expect(seen.length).toBe(head.iterations);
    expect(seen.length).toBeGreaterThan(3);
    // The training loss falls as L-BFGS goes (it minimises it plus the penalty) and accuracy is a fraction.
    expect(seen[seen.length - 1]!.loss).toBeLessThan(seen[0]!.loss);
    for (const it of seen) for (const v of [it.accuracy, it.valAccuracy]) expect(v >= 0 && v <= 1).toBe(true);
    const start = tf.memory().numTensors;
    const model = linearHeadModel(tf, head);
    const p = tf.tidy(() => (model.predict(tf.tensor2d(val.x, [12, g.F])) as tf.Tensor).dataSync());
    expect(maxDiff(p, linearHeadProba(head, val.x))).toBeLessThan(1e-5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('cancels from the iteration callback', () => {
    const g = headCases[1]!;
    const y = Int32Array.from(g.y);
    expect(() =>
      fitLinearHead({ x: Float32Array.from(g.x), y }, 2, {
        C: 1,
        classWeights: classWeightsFor(y, 2, false),
        onIteration: (it) => {
          if (it.iteration === 2) throw new Error('cancelled');
        },
      }),
    ).toThrow('cancelled');
  });
});
