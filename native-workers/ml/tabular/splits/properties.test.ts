import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { groupKFold } from './group';
import { holdout } from './holdout';
import { kFold } from './kfold';
import { repeatedKFold, repeatedStratifiedKFold } from './repeated';
import { stratifiedKFold } from './stratified';
import { timeSeriesSplit } from './time-series';
import type { Split } from './types';

function expectPartition(s: Split): void {
  for (let rep = 0; rep < s.repeats; rep++) {
    const k = s.folds.length / s.repeats;
    const seen = new Int32Array(s.rows);
    for (let f = rep * k; f < (rep + 1) * k; f++) {
      const fold = s.folds[f]!;
      expect(fold.train.length + fold.validation.length).toBe(s.rows);
      const inVal = new Set(fold.validation);
      for (const i of fold.train) expect(inVal.has(i)).toBe(false);
      for (const i of fold.validation) {
        seen[i]! += 1;
        expect(s.foldOf[rep * s.rows + i]).toBe(f);
      }
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
  }
}

/** Rows with foldOf ≥ 0 are validated exactly by that fold; the others by none. */
function expectPartitionOfValidated(s: Split): void {
  for (let i = 0; i < s.rows; i++) {
    const by = s.folds.flatMap((f, k) => (f.validation.includes(i) ? [k] : []));
    expect(by).toEqual(s.foldOf[i]! >= 0 ? [s.foldOf[i]] : []);
  }
}

const labels = (n: number, seed: number, weights: number[]): Float64Array => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => {
    let u = r.next();
    for (let c = 0; c < weights.length; c++) if ((u -= weights[c]!) < 0) return c;
    return weights.length - 1;
  });
};

describe('shuffled splits', () => {
  it('k-fold with shuffle partitions the rows, differs from row order, and replays per seed', () => {
    const a = kFold(53, 5, { shuffle: true, seed: 7 });
    expectPartition(a);
    expect(kFold(53, 5, { shuffle: true, seed: 7 })).toEqual(a);
    expect(kFold(53, 5, { shuffle: true, seed: 8 }).foldOf).not.toEqual(a.foldOf);
    expect(a.foldOf).not.toEqual(kFold(53, 5).foldOf);
    expect(a.folds.map((f) => f.validation.length)).toEqual([11, 11, 11, 10, 10]);
  });

  it('stratified with shuffle keeps every class within ±1 of its share in each fold', () => {
    const y = labels(211, 1, [0.6, 0.25, 0.1, 0.05]);
    for (const seed of [1, 2, 3]) {
      const s = stratifiedKFold(y, 5, { shuffle: true, seed });
      expectPartition(s);
      for (let c = 0; c < 4; c++) {
        const total = y.filter((v) => v === c).length;
        for (const fold of s.folds) {
          const inFold = Array.from(fold.validation).filter((i) => y[i] === c).length;
          expect(Math.abs(inFold - total / 5)).toBeLessThanOrEqual(1);
        }
      }
      expect(stratifiedKFold(y, 5, { shuffle: true, seed })).toEqual(s);
    }
  });

  it('stratified with shuffle: each seed gives other folds, and none are the unshuffled ones', () => {
    // Every classification CV uses the shuffled form: ignoring shuffle would keep row-order blocks.
    const y = labels(211, 1, [0.6, 0.25, 0.1, 0.05]);
    const plain = stratifiedKFold(y, 5).foldOf.join();
    const shuffled = [1, 2, 3].map((seed) => stratifiedKFold(y, 5, { shuffle: true, seed }).foldOf.join());
    expect(new Set(shuffled).size).toBe(3);
    expect(shuffled).not.toContain(plain);
  });

  it('repeated k-fold gives repeats × k folds, each repetition a partition, repetitions different', () => {
    const s = repeatedKFold(40, 4, 3, { seed: 5 });
    expect(s.folds.length).toBe(12);
    expect(s.foldOf.length).toBe(120);
    expectPartition(s);
    expect(s.foldOf.subarray(0, 40).map((f) => f % 4)).not.toEqual(s.foldOf.subarray(40, 80).map((f) => f % 4));
    expect(repeatedKFold(40, 4, 3, { seed: 5 })).toEqual(s);
    const y = labels(60, 3, [0.7, 0.3]);
    const st = repeatedStratifiedKFold(y, 3, 2, { seed: 1 });
    expectPartition(st);
  });

  it('group k-fold never splits a group', () => {
    const groups = Array.from({ length: 90 }, (_, i) => `patient-${i % 13}`);
    const s = groupKFold(groups, 4);
    expectPartition(s);
    for (let i = 0; i < 90; i++) expect(s.foldOf[i]).toBe(s.foldOf[i % 13]);
    const shuffled = [1, 2, 3].map((seed) => groupKFold(groups, 4, { shuffle: true, seed }));
    for (const t of shuffled) {
      expectPartition(t);
      for (let i = 0; i < 90; i++) expect(t.foldOf[i]).toBe(t.foldOf[i % 13]);
    }
    expect(new Set(shuffled.map((t) => t.foldOf.join())).size).toBeGreaterThan(1);
    expect(groupKFold(groups, 4, { shuffle: true, seed: 2 })).toEqual(shuffled[1]);
  });

  it('time-series folds validate after they train; the head is never validated', () => {
    const s = timeSeriesSplit(30, { splits: 4 });
    for (const f of s.folds) expect(Math.max(...f.train)).toBeLessThan(Math.min(...f.validation));
    expect(s.foldOf[0]).toBe(-1);
    // foldOf names the fold that validates each row: the 6-row head is -1, then 4 blocks of 6.
    expect(Array.from(s.foldOf)).toEqual([...Array<number>(6).fill(-1), ...[0, 1, 2, 3].flatMap((f) => Array<number>(6).fill(f))]);
    expectPartitionOfValidated(s);
  });

  it('holdout: ceil(fraction × n) validation rows; stratified keeps classes on both sides', () => {
    const plain = holdout(101, { testFraction: 0.2, seed: 3 });
    expect(plain.folds[0]!.validation.length).toBe(21);
    expect(Array.from(plain.folds[0]!.validation).filter((i) => plain.foldOf[i] !== 0)).toEqual([]);
    expect(Array.from(holdout(10, { testFraction: 0.3, shuffle: false }).folds[0]!.validation)).toEqual([7, 8, 9]);
    const y = labels(150, 9, [0.9, 0.07, 0.03]);
    const s = holdout(150, { testFraction: 0.25, stratify: y, seed: 4 });
    const f = s.folds[0]!;
    expect(f.validation.length).toBe(38);
    for (let c = 0; c < 3; c++) {
      const total = y.filter((v) => v === c).length;
      const inVal = Array.from(f.validation).filter((i) => y[i] === c).length;
      expect(Math.abs(inVal - total / 4)).toBeLessThanOrEqual(1);
      expect(inVal).toBeGreaterThan(0);
      expect(inVal).toBeLessThan(total);
    }
    expect(holdout(150, { testFraction: 0.25, stratify: y, seed: 4 })).toEqual(s);
  });

  it('stratified holdout gives a 2-row class one row on each side and keeps the promised size', () => {
    // 98 + 2 rows at 10 %: the small class's share rounds to 0 and must take a row from the big one.
    const y = Float64Array.from({ length: 100 }, (_, i) => (i === 17 || i === 60 ? 1 : 0));
    for (const seed of [0, 1, 2]) {
      const f = holdout(100, { testFraction: 0.1, stratify: y, seed }).folds[0]!;
      expect(f.validation.length).toBe(10);
      expect(f.train.length).toBe(90);
      expect(Array.from(f.validation).filter((i) => y[i] === 1).length).toBe(1);
      expect(Array.from(f.train).filter((i) => y[i] === 1).length).toBe(1);
    }
    // And the other way: 8 + 2 rows at 75 %: the small class's share rounds up to both its rows.
    const z = [0, 0, 1, 0, 0, 0, 1, 0, 0, 0];
    const g = holdout(10, { testFraction: 0.75, stratify: z, seed: 1 }).folds[0]!;
    expect(g.validation.length).toBe(8);
    for (const c of [0, 1]) expect(Array.from(g.train).filter((i) => z[i] === c).length).toBe(1);
  });
});

describe('errors a user understands', () => {
  it('k < 2, k > n', () => {
    expect(() => kFold(10, 1)).toThrow('Cross-validation needs at least 2 folds, got 1.');
    expect(() => kFold(3, 5)).toThrow('Cannot make 5 folds from 3 rows');
    expect(() => groupKFold([1, 1, 2, 2], 3)).toThrow('Cannot make 3 folds from 2 groups');
  });

  it('a class smaller than k names the class and its size', () => {
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2];
    expect(() => stratifiedKFold(y, 5)).toThrow("Class 2 has only 2 rows, fewer than the 5 folds");
    expect(() => stratifiedKFold(y, 5, { classNames: ['a', 'b', 'fraud'] })).toThrow("Class 'fraud' has only 2 rows");
  });

  it('a single class', () => {
    expect(() => stratifiedKFold([1, 1, 1, 1], 2, { classNames: ['no', 'yes'] })).toThrow("The target has a single class ('yes')");
    expect(() => holdout(4, { testFraction: 0.5, stratify: [0, 0, 0, 0] })).toThrow('single class');
  });

  it('a missing (NaN) target is refused by every stratified splitter, naming the row', () => {
    const y = [0, 1, 0, 1, NaN, 1, 0, 1];
    const refusal = 'Row 4 has no target value; drop or fill missing targets before splitting.';
    expect(() => stratifiedKFold(y, 2)).toThrow(refusal);
    expect(() => stratifiedKFold(y, 2, { shuffle: true, seed: 1 })).toThrow(refusal);
    expect(() => holdout(8, { testFraction: 0.5, stratify: y })).toThrow(refusal);
    expect(() => repeatedStratifiedKFold(y, 2, 2)).toThrow(refusal);
  });

  it('time series without room to train', () => {
    expect(() => timeSeriesSplit(10, { splits: 3, testSize: 3, gap: 1 })).toThrow(/leave no rows to train on/);
  });
});
