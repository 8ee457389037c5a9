// Edges of the imbalance methods the main test's random data never reaches: an absent class, bad class
// indices, SMOTE's neighbour choice, its notes and its refusals.
import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { rng } from '../rng';
import { balancedClassWeights, classCounts, sampleWeights } from './class-weights';
import { randomOversample, randomUndersample, rowsByClass } from './random-sampling';
import { resampleTrainingFold } from './resample';
import { smote } from './smote';

const col = (...v: number[]): ReturnType<typeof matrix> => matrix(v.length, 1, Float64Array.from(v));
const ys = (...v: number[]): Float64Array => Float64Array.from(v);
const counts = (y: ArrayLike<number>, K: number): number[] => classCounts(y, K);

describe('class indices', () => {
  it('refuses a class that is not an index 0..K-1, naming the row', () => {
    expect(() => classCounts([0, 2.5], 3)).toThrow('Row 1 has class 2.5; expected a class index 0..2.');
    expect(() => classCounts([0, 1, -1], 2)).toThrow('Row 2 has class -1; expected a class index 0..1.');
    expect(() => classCounts([2], 2)).toThrow('Row 0 has class 2; expected a class index 0..1.');
    expect(() => rowsByClass([0, 5], 2)).toThrow(/Row 1 has class 5/);
    expect(classCounts([1, 1, 0], 3)).toEqual([1, 2, 0]);
  });

  it('balanced weights count only the classes present; an absent class weighs 1', () => {
    // 4 rows, 2 classes present: 4 / (2 × 3) and 4 / (2 × 1).
    const w = balancedClassWeights([0, 0, 0, 2], 3);
    expect(Array.from(w)).toEqual([4 / 6, 1, 2]);
    expect(Array.from(sampleWeights([2, 0, 2], w))).toEqual([2, 4 / 6, 2]);
  });
});

describe('random sampling with a class absent from the fold', () => {
  const X = col(0, 1, 2, 3, 4);
  const y = ys(0, 0, 0, 1, 1);

  it('oversampling grows the present classes only, keeping the original rows first', () => {
    const out = randomOversample(X, y, 3, rng(1));
    expect(counts(out.y, 3)).toEqual([3, 3, 0]);
    expect(Array.from(out.source.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect([3, 4]).toContain(out.source[5]);
    expect(out.X.data[5]).toBe(out.source[5]);
  });

  it('undersampling shrinks to the smallest present class, not to the absent one', () => {
    const out = randomUndersample(X, y, 3, rng(1));
    expect(counts(out.y, 3)).toEqual([2, 2, 0]);
    expect(Array.from(out.source).slice(-2)).toEqual([3, 4]);
  });
});

describe('SMOTE', () => {
  it('interpolates towards each row\'s k nearest (ties by position), as drawn from the seed', () => {
    // Minority rows at 0, 1, 2 and 10 with k = 1: the nearest of 1 is 0 (tied with 2, earlier position
    // wins), of 0 is 1, of 2 is 1, of 10 is 2.
    // Two columns (v, −2v): the same order of distances, and both coordinates interpolated.
    const v = [0, 1, 2, 10, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59];
    const X = matrix(14, 2, Float64Array.from(v.flatMap((x) => [x, -2 * x])));
    const y = ys(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const nearestOf = [1, 0, 1, 2];
    const out = smote(X, y, 2, rng(7), 1);
    const r = rng(7);
    const expected: number[] = [];
    for (let j = 0; j < 6; j++) {
      const base = r.int(4);
      expect(r.int(1)).toBe(0);
      const u = r.next();
      const a = v[base]!;
      const x = a + u * (v[nearestOf[base]!]! - a);
      expected.push(x, -2 * a + u * (-2 * v[nearestOf[base]!]! + 2 * a));
    }
    expect(Array.from(out.X.data.subarray(28))).toEqual(expected);
    expect(Array.from(out.y.subarray(14))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(out.source)).toEqual([...Array.from({ length: 14 }, (_, i) => i), -1, -1, -1, -1, -1, -1]);
    expect(out.notes).toEqual([]);
  });

  it('with two neighbours a row pairs with either of its two nearest, never a farther one', () => {
    const X = col(0, 1, 3, 100, 101, 103, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511, 512, 513);
    const y = ys(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const out = smote(X, y, 2, rng(3), 2);
    expect(out.X.rows).toBe(28);
    for (let i = 20; i < 28; i++) {
      const v = out.X.data[i]!;
      // Both clusters' points stay inside their cluster's span.
      expect((v >= 0 && v <= 3) || (v >= 100 && v <= 103)).toBe(true);
    }
    // The seed decides every draw: the same seed gives the same rows, another seed others.
    expect(Array.from(smote(X, y, 2, rng(3), 2).X.data)).toEqual(Array.from(out.X.data));
    expect(Array.from(smote(X, y, 2, rng(4), 2).X.data)).not.toEqual(Array.from(out.X.data));
  });

  it('a single row is duplicated (its own index as source) and said so; a small class uses fewer neighbours', () => {
    const one = smote(col(5, 0, 1, 2), ys(1, 0, 0, 0), 2, rng(1));
    expect(one.notes).toEqual(['Class 1 has a single training row; SMOTE cannot interpolate, so it was duplicated 2 times.']);
    expect(Array.from(one.X.data)).toEqual([5, 0, 1, 2, 5, 5]);
    expect(Array.from(one.source)).toEqual([0, 1, 2, 3, 0, 0]);
    expect(Array.from(one.y)).toEqual([1, 0, 0, 0, 1, 1]);
    // Two columns: the whole row is copied, from its own place (row 2 here).
    const wide = smote(matrix(3, 2, Float64Array.from([0, 1, 2, 3, 7, 8])), ys(0, 0, 1), 2, rng(1));
    expect(Array.from(wide.X.data.subarray(6))).toEqual([7, 8]);
    const few = smote(col(0, 1, 2, 10, 11, 12, 13, 14), ys(1, 1, 1, 0, 0, 0, 0, 0), 2, rng(1));
    expect(few.notes).toEqual(['Class 1 has 3 training rows; SMOTE used 2 neighbours instead of 5.']);
    expect(counts(few.y, 2)).toEqual([5, 5]);
    // Balanced classes: nothing to add, no note.
    const even = smote(col(0, 1), ys(0, 1), 2, rng(1));
    expect(even.X.rows).toBe(2);
    expect(even.notes).toEqual([]);
  });

  it('an absent class stays absent', () => {
    expect(counts(smote(col(0, 1, 2, 3), ys(0, 0, 0, 1), 3, rng(1)).y, 3)).toEqual([3, 3, 0]);
  });

  it('refuses a neighbour count below 1 or not whole, and names the first missing cell', () => {
    expect(() => smote(col(0, 1), ys(0, 1), 2, rng(1), 0)).toThrow('SMOTE needs at least 1 neighbour, got 0.');
    expect(() => smote(col(0, 1), ys(0, 1), 2, rng(1), 1.5)).toThrow('SMOTE needs at least 1 neighbour, got 1.5.');
    const X = matrix(2, 2, Float64Array.from([0, 1, 2, Infinity]));
    expect(() => smote(X, ys(0, 1), 2, rng(1))).toThrow('SMOTE needs complete numeric features, but row 1 column 1 is missing or infinite. Impute missing values first.');
  });
});

describe('resampleTrainingFold', () => {
  const X = col(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  const y = ys(0, 0, 0, 0, 0, 0, 1, 1, 1, 9);
  const fold = { train: Int32Array.from([1, 2, 3, 4, 6, 7]), validation: Int32Array.from([0, 5, 8, 9]) };

  it('refuses targets that do not match the rows', () => {
    expect(() => resampleTrainingFold(fold, X, ys(0, 1), { method: 'none', K: 2, seed: 1 })).toThrow('Got 10 feature rows but 2 targets.');
  });

  it("'none' and 'class-weight' keep the training rows in order with their original indices", () => {
    const none = resampleTrainingFold(fold, X, y, { method: 'none', K: 2, seed: 1 });
    expect(Array.from(none.X.data)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(Array.from(none.sourceRow)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(none.sampleWeight).toBeUndefined();
    expect(none.notes).toEqual([]);
    const cw = resampleTrainingFold(fold, X, y, { method: 'class-weight', K: 2, seed: 1 });
    expect(Array.from(cw.classWeight!)).toEqual([6 / 8, 6 / 4]);
    expect(Array.from(cw.sampleWeight!)).toEqual([0.75, 0.75, 0.75, 0.75, 1.5, 1.5]);
    expect(Array.from(cw.sourceRow)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(cw.notes).toEqual([]);
  });

  it('resampled rows map back to the full X; SMOTE rows to -1; its notes and neighbour count come through', () => {
    const over = resampleTrainingFold(fold, X, y, { method: 'random-oversample', K: 2, seed: 1 });
    Array.from(over.sourceRow).forEach((s, i) => expect(over.X.data[i]).toBe(s));
    expect(over.sourceRow.length).toBe(8);
    expect(over.notes).toEqual([]);
    const under = resampleTrainingFold(fold, X, y, { method: 'random-undersample', K: 2, seed: 1 });
    Array.from(under.sourceRow).forEach((s, i) => expect(under.X.data[i]).toBe(s));
    expect(counts(under.y, 2)).toEqual([2, 2]);
    expect(under.notes).toEqual([]);
    const sm = resampleTrainingFold(fold, X, y, { method: 'smote', K: 2, seed: 1 });
    expect(Array.from(sm.sourceRow)).toEqual([1, 2, 3, 4, 6, 7, -1, -1]);
    expect(sm.notes).toEqual(['Class 1 has 2 training rows; SMOTE used 1 neighbours instead of 5.']);
    const one = resampleTrainingFold(fold, X, y, { method: 'smote', K: 2, seed: 1, neighbours: 1 });
    expect(one.notes).toEqual([]);
  });
});
