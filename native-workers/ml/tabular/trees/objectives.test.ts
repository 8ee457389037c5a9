import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { baseScore, gradients, meanLoss, multiclassGradients, sigmoid, softmaxRows, toPredictions } from './objectives';

describe('multiclassGradients', () => {
  it('gives, in one pass, exactly the pairs softmaxRows + gradients give class by class (weighted and not)', () => {
    const r = rng(3);
    const n = 257;
    const K = 26;
    const raw = Float64Array.from({ length: n * K }, () => r.normal() * 3);
    const y = Float64Array.from({ length: n }, () => r.int(K));
    const w = Float64Array.from({ length: n }, () => r.next() * 2);
    for (const weights of [undefined, w]) {
      const prob = new Float64Array(n * K);
      softmaxRows(raw, K, prob);
      const all = new Float64Array(2 * n * K);
      multiclassGradients(K, raw, y, weights, new Float64Array(K), all);
      const gh = new Float64Array(2 * n);
      for (let k = 0; k < K; k++) {
        gradients('multiclass', K, k, raw, prob, y, weights, gh);
        expect(all.subarray(2 * n * k, 2 * n * (k + 1))).toEqual(gh);
      }
    }
  });
});

// Closed forms: log loss's gradient p − y and hessian p(1 − p), squared error's raw − y and 1.
describe('objectives in closed form', () => {
  const close = (actual: ArrayLike<number>, expected: readonly number[]): void => {
    expect(actual.length).toBe(expected.length);
    expected.forEach((v, i) => expect(actual[i], `[${i}]`).toBeCloseTo(v, 14));
  };

  it('sigmoid and row-wise softmax', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(0.8807970779778823, 15);
    const out = new Float64Array(6);
    softmaxRows(Float64Array.of(0, Math.log(2), Math.log(3), 1000, 1000, 1000), 3, out);
    close(out, [1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('starting scores: the weighted mean, the log-odds, the log class priors', () => {
    close(baseScore('regression', 1, Float64Array.of(1, 2, 4), Float64Array.of(1, 1, 2)), [2.75]);
    close(baseScore('regression', 1, Float64Array.of(1, 2, 4), undefined), [7 / 3]);
    close(baseScore('regression', 1, Float64Array.of(1, 2), Float64Array.of(0, 0)), [0]);
    close(baseScore('binary', 2, Float64Array.of(0, 1, 1, 1), undefined), [Math.log(3)]);
    close(baseScore('binary', 2, Float64Array.of(0, 1, 1, 1), Float64Array.of(3, 1, 1, 1)), [0]);
    // A single class is clipped to 1e-15 from certainty (as float64 computes 1 − 1e-15), not infinite.
    const top = 1 - 1e-15;
    close(baseScore('binary', 2, Float64Array.of(1, 1), undefined), [Math.log(top / (1 - top))]);
    close(baseScore('binary', 2, Float64Array.of(0, 0), undefined), [Math.log(1e-15 / (1 - 1e-15))]);
    close(baseScore('multiclass', 4, Float64Array.of(0, 0, 1, 2), undefined), [Math.log(0.5), Math.log(0.25), Math.log(0.25), Math.log(1e-15)]);
  });

  it('gradient and hessian pairs per task, times the row weight', () => {
    const gh = new Float64Array(4);
    gradients('binary', 1, 0, Float64Array.of(0, Math.log(3)), new Float64Array(0), Float64Array.of(1, 0), Float64Array.of(2, 1), gh);
    close(gh, [-1, 0.5, 0.75, 0.1875]);
    gradients('regression', 1, 0, Float64Array.of(3, -1), new Float64Array(0), Float64Array.of(1, 1), undefined, gh);
    close(gh, [2, 1, -2, 1]);
    gradients('regression', 1, 0, Float64Array.of(3, -1), new Float64Array(0), Float64Array.of(1, 1), Float64Array.of(0.5, 3), gh);
    close(gh, [1, 0.5, -6, 3]);
    // Multiclass, class 1 of 2 rows: p = 0.2 (true class 1) and 0.7 (true class 0).
    gradients('multiclass', 2, 1, new Float64Array(4), Float64Array.of(0.8, 0.2, 0.3, 0.7), Float64Array.of(1, 0), undefined, gh);
    close(gh, [-0.8, 0.16, 0.7, 0.21]);
    // A saturated probability keeps a hessian of 1e-15, never 0 (a leaf divides by it).
    gradients('binary', 1, 0, Float64Array.of(800), new Float64Array(0), Float64Array.of(1), undefined, gh);
    expect(gh[1]).toBe(1e-15);
  });

  it('mean loss: log loss, multiclass log loss, squared error; 0 for no rows', () => {
    expect(meanLoss('binary', 1, Float64Array.of(0, 0), Float64Array.of(1, 0))).toBeCloseTo(Math.log(2), 14);
    expect(meanLoss('binary', 1, Float64Array.of(Math.log(3), Math.log(3)), Float64Array.of(1, 0))).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 14);
    expect(meanLoss('multiclass', 3, Float64Array.of(0, Math.log(2), Math.log(3), 0, 0, 0), Float64Array.of(2, 0))).toBeCloseTo((-Math.log(0.5) + Math.log(3)) / 2, 14);
    expect(meanLoss('regression', 1, Float64Array.of(1, 4), Float64Array.of(2, 2))).toBe(2.5);
    expect(meanLoss('regression', 1, new Float64Array(0), new Float64Array(0))).toBe(0);
    // Certain and wrong: clipped at 1e-15, so a large finite loss.
    expect(meanLoss('binary', 1, Float64Array.of(800), Float64Array.of(0))).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 12);
  });

  it('predictions: values as they are, binary as (1 − p, p), multiclass as the softmax', () => {
    const raw = Float64Array.of(0, Math.log(3));
    expect(toPredictions('regression', 1, raw)).toBe(raw);
    close(toPredictions('binary', 2, raw), [0.5, 0.5, 0.25, 0.75]);
    close(toPredictions('multiclass', 2, raw), [0.25, 0.75]);
  });
});
