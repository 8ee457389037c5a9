// Single-column predictiveness by hand-computed values, and the leakage lint's messages and refusals.
import { describe, expect, it } from 'vitest';
import type { Frame, FrameColumn } from './frame-types';
import { lintLeakage } from './leakage';
import { missingnessPredictiveness, singleFeaturePredictiveness } from './single-feature';

const num = (name: string, values: ArrayLike<number>): FrameColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const cat = (name: string, values: readonly (string | null)[]): FrameColumn => ({ name, kind: 'categorical', values });
const ys = (...v: number[]): Float64Array => Float64Array.from(v);

describe('singleFeaturePredictiveness', () => {
  it('needs 10 rows with both values', () => {
    const y = ys(0, 1, 0, 1, 0, 1, 0, 1, 0, NaN);
    expect(singleFeaturePredictiveness(cat('c', ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']), y, 'binary', 2)).toBeNull();
    const y10 = ys(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
    expect(singleFeaturePredictiveness(cat('c', ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']), y10, 'binary', 2)?.score).toBe(1);
    expect(singleFeaturePredictiveness(cat('c', ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', null]), y10, 'binary', 2)).toBeNull();
  });

  it('balanced purity: each value maps to its most common class, averaged over classes', () => {
    // a → 0 (3 of 4 right), b → 1 (4 of 4), c → 1 (2 of 2): class 0 gets 3 of 3, class 1 gets 6 of 7.
    const keys = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c'];
    const y = ys(0, 0, 0, 1, 1, 1, 1, 1, 1, 1);
    const p = singleFeaturePredictiveness(cat('c', keys), y, 'binary', 2)!;
    expect(p.score).toBeCloseTo((3 / 3 + 6 / 7) / 2, 12);
    expect(p.describe).toBe('its value gives the class for 92.9% of rows, balanced over classes');
    // More distinct values than half the rows: left to the id-like lint.
    expect(singleFeaturePredictiveness(cat('c', ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'b', 'c', 'd']), y, 'binary', 2)).toBeNull();
    expect(singleFeaturePredictiveness(cat('c', ['a', 'b', 'c', 'd', 'e', 'a', 'b', 'c', 'd', 'e']), y, 'binary', 2)).not.toBeNull();
  });

  it('η² for a categorical column and a numeric target', () => {
    // Groups a: {1, 3} and b: {5, 7, 9, 11, 13, 15, 17, 19}; mean 10.
    const y = ys(1, 3, 5, 7, 9, 11, 13, 15, 17, 19);
    const p = singleFeaturePredictiveness(cat('c', ['a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b']), y, 'regression', 1)!;
    const total = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19].reduce((s, v) => s + (v - 10) ** 2, 0);
    const between = 2 * (2 - 10) ** 2 + 8 * (12 - 10) ** 2;
    expect(p.score).toBeCloseTo(between / total, 12);
    expect(p.describe).toBe(`its value explains ${((100 * between) / total).toFixed(1)}% of the target's variance`);
    expect(singleFeaturePredictiveness(cat('c', ['a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b']), ys(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), 'regression', 1)).toBeNull();
  });

  it('|r| for numbers against a numeric target; none for a constant column', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = ys(10, 8, 9, 7, 5, 6, 4, 2, 3, 1);
    const mx = 5.5, my = 5.5;
    let sxy = 0, sxx = 0, syy = 0;
    x.forEach((v, i) => { sxy += (v - mx) * (y[i]! - my); sxx += (v - mx) ** 2; syy += (y[i]! - my) ** 2; });
    const r = Math.abs(sxy / Math.sqrt(sxx * syy));
    const p = singleFeaturePredictiveness(num('x', x), y, 'regression', 1)!;
    expect(p.score).toBeCloseTo(r, 12);
    expect(p.describe).toBe(`|correlation| ${r.toFixed(3)}`);
    expect(singleFeaturePredictiveness(num('x', new Array(10).fill(3)), y, 'regression', 1)).toBeNull();
  });

  it('ROC AUC either way round for many numbers; few numbers are treated as values', () => {
    const x = Array.from({ length: 30 }, (_, i) => i);
    const y = Float64Array.from(x, (v) => (v < 15 ? 1 : 0));
    expect(singleFeaturePredictiveness(num('x', x), y, 'binary', 2)).toEqual({ score: 1, describe: 'ROC AUC 1.000' });
    const y3 = Float64Array.from(x, (v) => v % 3);
    const multi = singleFeaturePredictiveness(num('x', x), y3, 'multiclass', 3)!;
    expect(multi.describe).toMatch(/^ROC AUC 0\.\d{3} \(one-vs-rest, averaged\)$/);
    // 21 distinct values: AUC; 20: purity over values (each value one class here, but 20 > 30 / 2 rows: none).
    expect(singleFeaturePredictiveness(num('x', x.map((v) => v % 21)), y, 'binary', 2)?.describe).toMatch(/^ROC AUC/);
    expect(singleFeaturePredictiveness(num('x', x.map((v) => v % 20)), y, 'binary', 2)).toBeNull();
    expect(singleFeaturePredictiveness(num('x', x.map((v) => v % 2)), y, 'binary', 2)?.describe).toMatch(/balanced over classes/);
  });
});

describe('missingnessPredictiveness', () => {
  it('needs some rows missing and some present', () => {
    const y = ys(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    expect(missingnessPredictiveness(num('x', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), y, 'binary')).toBeNull();
    expect(missingnessPredictiveness(num('x', new Array(10).fill(NaN)), y, 'binary')).toBeNull();
    expect(missingnessPredictiveness(num('x', [NaN, NaN, NaN, NaN, NaN, 1, 1, 1, 1, 1]), y, 'binary')?.score).toBe(1);
    expect(missingnessPredictiveness(num('x', [NaN, NaN, NaN, NaN, NaN, 1, 1, 1, 1, 1]), y.subarray(0, 9), 'binary')).toBeNull();
    expect(missingnessPredictiveness(num('x', [NaN, NaN, NaN, NaN, NaN, 1, 1, 1, 1, 1]), ys(1, 1, 1, 1, 1, 9, 9, 9, 9, 9), 'regression')?.score).toBe(1);
  });
});

describe('lintLeakage messages and refusals', () => {
  const n = 30;
  const frame: Frame = {
    rows: n,
    columns: [
      num('t', Array.from({ length: n }, (_, i) => i * 10)),
      num('x', Array.from({ length: n }, (_, i) => Math.cos(i * 7))),
      num('y', Array.from({ length: n }, (_, i) => i % 2)),
    ],
  };

  it('names a missing target or time column', () => {
    expect(() => lintLeakage({ frame, target: 'nope' })).toThrow("There is no column 'nope' to predict.");
    expect(() => lintLeakage({ frame, target: 'y', split: { train: [0], validation: [1] }, timeColumn: 'when' })).toThrow("There is no time column 'when'.");
  });

  it('the time column is not linted as a feature; numeric times are compared as numbers', () => {
    expect(lintLeakage({ frame, target: 'y' }).map((f) => f.column)).toEqual(['t']);
    const f = lintLeakage({ frame, target: 'y', timeColumn: 't', split: { train: [5, 6, 7], validation: [0, 8, 9, 4] } });
    expect(f).toEqual([{ code: 'time-order', column: 't', severity: 'warning', message: "2 of 4 validation rows are earlier in 't' than the latest training row: the model is validated on the past after seeing the future. If it will forecast, use a time-ordered split." }]);
  });

  it('one duplicated row is singular, with its 1-based number and share', () => {
    const dup: Frame = { rows: 4, columns: [num('a', [1, 2, 3, 1]), num('y', [0, 1, 0, 1])] };
    const f = lintLeakage({ frame: dup, target: 'y', split: { train: [0, 1, 2], validation: [3] } });
    expect(f.find((x) => x.code === 'train-validation-duplicates')?.message).toBe('1 validation row (100.0%) also appear in training with the same feature values (e.g. row 4). Validation scores will look better than on new data; remove duplicates or split by group.');
    expect(lintLeakage({ frame: dup, target: 'y', split: { train: [0, 1], validation: [2] } }).some((x) => x.code === 'train-validation-duplicates')).toBe(false);
  });

  it('a task given by the caller replaces the guess', () => {
    // y holds 0/1: as regression, x's |r| is measured instead of its AUC.
    const strong: Frame = { rows: n, columns: [num('x', Array.from({ length: n }, (_, i) => (i % 2) * 10 + i * 0.001)), num('y', Array.from({ length: n }, (_, i) => i % 2))] };
    expect(lintLeakage({ frame: strong, target: 'y' })[0]?.message).toMatch(/ROC AUC 1\.000/);
    expect(lintLeakage({ frame: strong, target: 'y', task: 'regression' })[0]?.message).toMatch(/\|correlation\| 1\.000/);
  });
});
