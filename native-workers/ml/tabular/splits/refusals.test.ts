import { describe, expect, it } from 'vitest';
import { groupKFold } from './group';
import { kFold } from './kfold';
import { repeatedKFold, repeatedStratifiedKFold } from './repeated';
import { stratifiedKFold } from './stratified';

// The whole message is checked: what was wrong and what to do next are both what the user reads.
describe('split refusals, word for word', () => {
  it('fold counts', () => {
    for (const k of [1, 0, 2.5]) expect(() => kFold(10, k)).toThrow(`Cross-validation needs at least 2 folds, got ${k}.`);
    expect(() => kFold(3, 5)).toThrow('Cannot make 5 folds from 3 rows: every fold needs at least one. Use at most 3 folds.');
    expect(() => repeatedKFold(3, 4, 2)).toThrow('Cannot make 4 folds from 3 rows');
    expect(() => groupKFold([1, 1, 2, 2], 5)).toThrow('Cannot make 5 folds from 4 rows');
    expect(kFold(3, 3).folds.map((f) => Array.from(f.validation))).toEqual([[0], [1], [2]]);
  });

  it('repeats', () => {
    for (const repeats of [0, -1, 1.5]) {
      expect(() => repeatedKFold(10, 2, repeats)).toThrow(`Repeats must be a positive integer, got ${repeats}.`);
      expect(() => repeatedStratifiedKFold([0, 1, 0, 1], 2, repeats)).toThrow(`Repeats must be a positive integer, got ${repeats}.`);
    }
    expect(repeatedKFold(4, 2, 1).folds.length).toBe(2);
  });

  it('a row whose group is null (a missing value in a key column) names the row', () => {
    const keys = [1, null, 2, 2] as unknown as number[];
    expect(() => groupKFold(keys, 2)).toThrow('Row 1 has no group; every row needs a group for group k-fold.');
  });

  it('rare and single classes', () => {
    expect(() => stratifiedKFold([0, 0, 0, 1, 1, 0], 3)).toThrow(
      'Class 1 has only 2 rows, fewer than the 3 folds: each needs at least one row of every class. Use fewer folds, or merge or drop the rare class.',
    );
    expect(() => stratifiedKFold([0, 0, 1, 0], 2, { classNames: ['no', 'yes'] })).toThrow("Class 'yes' has only 1 row, fewer than the 2 folds");
    expect(() => stratifiedKFold([0, 0, 0, 0], 2)).toThrow('The target has a single class (0); stratified splitting and classification need at least two.');
    // A name list that lacks the label falls back to the number.
    expect(() => repeatedStratifiedKFold([0, 0, 0, 1, 1, 3], 2, 2, { classNames: ['a', 'b'] })).toThrow('Class 3 has only 1 row');
  });
});

describe('repeated stratified k-fold', () => {
  it('each repetition stratifies: every fold holds its share of each class', () => {
    const y = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const s = repeatedStratifiedKFold(y, 5, 3, { seed: 4 });
    expect(s.folds.length).toBe(15);
    for (const f of s.folds) expect(Array.from(f.validation).map((i) => y[i])).toEqual(expect.arrayContaining([0, 1]));
    for (const f of s.folds) expect(Array.from(f.validation).filter((i) => y[i] === 1).length).toBe(2);
    // Repetitions differ, and fold ids run rep × k + fold.
    expect(Array.from(s.foldOf.subarray(0, 30)).every((f) => f < 5)).toBe(true);
    expect(Array.from(s.foldOf.subarray(30, 60)).every((f) => f >= 5 && f < 10)).toBe(true);
    expect(Array.from(s.foldOf.subarray(0, 30))).not.toEqual(Array.from(s.foldOf.subarray(30, 60), (f) => f - 5));
    expect(repeatedStratifiedKFold(y, 5, 3)).toEqual(repeatedStratifiedKFold(y, 5, 3, { seed: 0 }));
    expect(repeatedStratifiedKFold(y, 5, 3, { seed: 1 }).foldOf).not.toEqual(s.foldOf);
    // The seed reaches plain repeated k-fold too.
    expect(repeatedKFold(30, 5, 2, { seed: 1 }).foldOf).not.toEqual(repeatedKFold(30, 5, 2, { seed: 2 }).foldOf);
    expect(repeatedKFold(30, 5, 2).foldOf).toEqual(repeatedKFold(30, 5, 2, { seed: 0 }).foldOf);
  });
});
