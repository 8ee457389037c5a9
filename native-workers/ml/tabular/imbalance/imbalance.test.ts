import { describe, expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { matrix, type Matrix } from '../matrix';
import { rng } from '../rng';
import { stratifiedKFold } from '../splits/stratified';
import { balancedClassWeights } from './class-weights';
import { randomOversample, randomUndersample } from './random-sampling';
import { resampleTrainingFold, type ImbalanceMethod } from './resample';
import { smote } from './smote';
import { cases } from '../../../../main/host/testing';

function dataset(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const r = rng(seed);
  const y = Float64Array.from({ length: n }, () => (r.next() < 0.15 ? 1 : 0));
  const X = matrix(n, 3, Float64Array.from({ length: n * 3 }, (_, i) => y[Math.floor(i / 3)]! * 2 + r.normal()));
  return { X, y };
}

const count = (y: ArrayLike<number>, c: number): number => Array.from(y).filter((v) => v === c).length;

describe('class weights', () => {
  for (const c of cases(golden.classWeights, 'class-weight cases')) {
    it(`balanced, as sklearn compute_class_weight (${c.y.length} rows)`, () => {
      const K = Math.max(...c.y) + 1;
      const w = balancedClassWeights(c.y, K);
      c.weights.forEach((expected, k) => expect(Math.abs(w[k]! - expected)).toBeLessThanOrEqual(1e-12 * expected));
    });
  }
});

describe('resampling', () => {
  const { X, y } = dataset(200, 1);

  it('random oversampling brings every class to the majority size by copying rows', () => {
    const out = randomOversample(X, y, 2, rng(3));
    expect(count(out.y, 0)).toBe(count(out.y, 1));
    out.source.forEach((s, i) => expect(Array.from(out.X.data.subarray(i * 3, i * 3 + 3))).toEqual(Array.from(X.data.subarray(s * 3, s * 3 + 3))));
  });

  it('random undersampling brings every class to the minority size, rows in their order', () => {
    const out = randomUndersample(X, y, 2, rng(3));
    expect(count(out.y, 0)).toBe(count(y, 1));
    expect(count(out.y, 1)).toBe(count(y, 1));
    expect(Array.from(out.source)).toEqual(Array.from(out.source).sort((a, b) => a - b));
  });

  it('SMOTE adds rows on segments between same-class rows, and replays per seed', () => {
    const out = smote(X, y, 2, rng(4));
    expect(count(out.y, 1)).toBe(count(y, 0));
    expect(out.X.rows).toBe(2 * count(y, 0));
    const minority = Array.from({ length: 200 }, (_, i) => i).filter((i) => y[i] === 1);
    for (let i = 200; i < out.X.rows; i++) {
      expect(out.source[i]).toBe(-1);
      const p = out.X.data.subarray(i * 3, i * 3 + 3);
      // Some pair (a, b) of minority rows has p = a + u(b − a) with 0 ≤ u < 1.
      const onSegment = minority.some((a) =>
        minority.some((b) => {
          if (a === b) return false;
          const u = (p[0]! - X.data[a * 3]!) / (X.data[b * 3]! - X.data[a * 3]!);
          return u >= 0 && u < 1 && [1, 2].every((f) => Math.abs(X.data[a * 3 + f]! + u * (X.data[b * 3 + f]! - X.data[a * 3 + f]!) - p[f]!) < 1e-9);
        }),
      );
      expect(onSegment).toBe(true);
    }
    expect(smote(X, y, 2, rng(4))).toEqual(out);
  });

  it('SMOTE refuses missing values and explains a tiny class', () => {
    const Xn = matrix(2, 1, Float64Array.from([NaN, 1]));
    expect(() => smote(Xn, Float64Array.from([0, 1]), 2, rng(1))).toThrow(/Impute missing values first/);
    const small = smote(matrix(4, 1, Float64Array.from([0, 1, 2, 9])), Float64Array.from([0, 0, 0, 1]), 2, rng(1));
    expect(small.notes[0]).toMatch(/single training row/);
    expect(count(small.y, 1)).toBe(3);
  });
});

describe('resampleTrainingFold touches only training rows', () => {
  const methods: ImbalanceMethod[] = ['none', 'class-weight', 'random-oversample', 'random-undersample', 'smote'];
  for (const method of methods) {
    it(method, () => {
      const { X, y } = dataset(120, 2);
      const split = stratifiedKFold(y, 4, { shuffle: true, seed: 1 });
      const fold = split.folds[0]!;
      const validation = fold.validation;
      const before = { X: X.data.slice(), y: y.slice(), validation: validation.slice(), train: fold.train.slice() };
      const out = resampleTrainingFold(fold, X, y, { method, K: 2, seed: 9 });
      // Inputs are untouched: same validation object, same values everywhere.
      expect(fold.validation).toBe(validation);
      expect(validation).toEqual(before.validation);
      expect(fold.train).toEqual(before.train);
      expect(X.data).toEqual(before.X);
      expect(y).toEqual(before.y);
      expect(out.X.data).not.toBe(X.data);
      // No validation row (and no copy of one) enters training.
      const inValidation = new Set(validation);
      for (const s of out.sourceRow) expect(inValidation.has(s)).toBe(false);
      const validationRows = new Set(Array.from(validation, (i) => Array.from(X.data.subarray(i * 3, i * 3 + 3)).join()));
      for (let i = 0; i < out.X.rows; i++) expect(validationRows.has(Array.from(out.X.data.subarray(i * 3, i * 3 + 3)).join())).toBe(false);
      if (method === 'class-weight') {
        expect(out.sampleWeight?.length).toBe(out.y.length);
        const total = (c: number): number => Array.from(out.y).reduce((a, v, i) => a + (v === c ? out.sampleWeight![i]! : 0), 0);
        expect(total(0)).toBeCloseTo(total(1), 9);
      }
    });
  }
});
