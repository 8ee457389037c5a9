import { describe, expect, it } from 'vitest';
import { holdout } from './holdout';

/** y with `counts[c]` rows of label c, classes appearing in order 0, 1, … (interleaved so row order says nothing). */
function labelsWith(counts: readonly number[]): number[] {
  const left = [...counts];
  const y: number[] = [];
  while (left.some((c) => c > 0)) {
    for (let c = 0; c < left.length; c++) {
      if (left[c]! > 0) {
        y.push(c);
        left[c]! -= 1;
      }
    }
  }
  return y;
}

/** Validation rows per class of a stratified holdout. */
function validationPerClass(counts: readonly number[], testFraction: number, seed = 0): number[] {
  const y = labelsWith(counts);
  const f = holdout(y.length, { testFraction, stratify: y, seed }).folds[0]!;
  return counts.map((_, c) => Array.from(f.validation).filter((i) => y[i] === c).length);
}

describe('stratified holdout: validation rows per class', () => {
  it('largest remainder first, ties to the bigger class, then to the earlier class', () => {
    // 15 of 100: exact shares 7.5, 4.5, 3 — the one row left goes to the bigger of the two .5s.
    expect(validationPerClass([50, 30, 20], 0.15)).toEqual([8, 4, 3]);
    // 30 + 30 + 40 at 5 %: shares 1.5, 1.5, 2 — equal remainders and sizes: the class seen first.
    expect(validationPerClass([30, 30, 40], 0.05)).toEqual([2, 1, 2]);
    // Largest remainder, not smallest: 10 of 100 → 2.2, 4.8, 3.0 floors to 2, 4, 3; the row goes to 4.8.
    expect(validationPerClass([22, 48, 30], 0.1)).toEqual([2, 5, 3]);
    // 4 of 64: 0.625, 1.75, 1.625 → the .75, then of the two .625s the bigger class, which comes last.
    expect(validationPerClass([10, 28, 26], 0.05)).toEqual([1, 1, 2]);
  });

  it('a class whose share rounds to 0 takes its row from the class with the most to spare', () => {
    // 2 + 60 + 38 at 10 %: 0.2, 6, 3.8 → 0, 6, 4; the rare class's row comes from the 6, not the 4.
    expect(validationPerClass([2, 60, 38], 0.1)).toEqual([1, 5, 4]);
    // Other orders, so the donor is found wherever it stands (first class included).
    expect(validationPerClass([2, 38, 60], 0.1)).toEqual([1, 4, 5]);
    expect(validationPerClass([60, 2, 38], 0.1)).toEqual([5, 1, 4]);
    // Two donors with as much to spare (3 and 3 of 0.12, 2.94, 2.94): the first one gives.
    expect(validationPerClass([2, 49, 49], 0.06)).toEqual([1, 2, 3]);
    expect(validationPerClass([49, 49, 2], 0.06)).toEqual([2, 3, 1]);
    // 4 of 61 → 2, 2, 0: the first two have as much to spare; the first gives.
    expect(validationPerClass([24, 29, 8], 0.05)).toEqual([1, 2, 1]);
  });

  it('a class whose share rounds up to all its rows gives one back to the class with the most room', () => {
    // 2 + 40 + 20 at 80 %: 50 of 62 → 2, 32, 16; the rare class keeps a training row, the 40 takes it.
    expect(validationPerClass([2, 40, 20], 0.8)).toEqual([1, 33, 16]);
    expect(validationPerClass([2, 20, 40], 0.8)).toEqual([1, 16, 33]);
    // The receiver has the most room left (rows not held out, less the one that must train): 1 and 1 → the first, 1 and 2 → the second.
    expect(validationPerClass([2, 7, 7], 0.75)).toEqual([1, 6, 5]);
    expect(validationPerClass([2, 7, 11], 0.75)).toEqual([1, 5, 9]);
  });

  it("each class's validation rows are drawn at random within the class, replayed by the seed", () => {
    const y = labelsWith([60, 40]);
    const rows = (seed: number): string => holdout(100, { testFraction: 0.3, stratify: y, seed }).folds[0]!.validation.join();
    expect(new Set([1, 2, 3].map(rows)).size).toBe(3);
    expect(rows(2)).toBe(rows(2));
    // Not simply each class's first rows (18 and 12 of them).
    const firstOf = (c: number, k: number): number[] => y.flatMap((v, i) => (v === c ? [i] : [])).slice(0, k);
    expect(rows(1)).not.toBe([...firstOf(0, 18), ...firstOf(1, 12)].sort((a, b) => a - b).join());
  });
});

describe('plain holdout', () => {
  it('shuffles by default, so the validation rows are not the last ones; the seed picks them', () => {
    const last = Array.from({ length: 21 }, (_, i) => 80 + i).join();
    const shuffled = holdout(101, { testFraction: 0.2, seed: 3 }).folds[0]!;
    expect(shuffled.validation.join()).not.toBe(last);
    expect(holdout(101, { testFraction: 0.2, seed: 4 }).folds[0]!.validation.join()).not.toBe(shuffled.validation.join());
    expect(holdout(101, { testFraction: 0.2, shuffle: false }).folds[0]!.validation.join()).toBe(last);
  });

  it('train and validation partition the rows, both increasing; foldOf marks validation 0, training -1', () => {
    const s = holdout(37, { testFraction: 0.3, seed: 9 });
    const f = s.folds[0]!;
    expect([...f.train, ...f.validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => i));
    for (const part of [f.train, f.validation]) for (let j = 1; j < part.length; j++) expect(part[j]!).toBeGreaterThan(part[j - 1]!);
    expect(Array.from(s.foldOf)).toEqual(Array.from({ length: 37 }, (_, i) => (f.validation.includes(i) ? 0 : -1)));
    expect(s).toMatchObject({ rows: 37, repeats: 1 });
  });
});

describe('holdout refusals', () => {
  it('a fraction outside (0, 1)', () => {
    for (const f of [0, 1, -0.2, 1.5, NaN]) {
      expect(() => holdout(10, { testFraction: f })).toThrow(`The validation fraction must be between 0 and 1 (exclusive), got ${f}.`);
    }
  });

  it('no row left to train on', () => {
    expect(() => holdout(5, { testFraction: 0.9 })).toThrow('Holding out 90% of 5 rows leaves no rows to train on.');
    expect(() => holdout(1, { testFraction: 0.5 })).toThrow('Holding out 50% of 1 rows leaves no rows to train on.');
    expect(() => holdout(0, { testFraction: 0.5 })).toThrow('leaves no rows to train on');
    // Two rows split one and one.
    expect(holdout(2, { testFraction: 0.5, shuffle: false }).folds[0]).toEqual({ train: Int32Array.of(0), validation: Int32Array.of(1) });
  });

  it('class labels that do not match the rows', () => {
    expect(() => holdout(5, { testFraction: 0.4, stratify: [0, 1, 0, 1] })).toThrow('Got 4 class labels for 5 rows.');
  });

  it('a class with one row names it', () => {
    expect(() => holdout(6, { testFraction: 0.5, stratify: [0, 0, 1, 0, 0, 2], classNames: ['a', 'b', 'c'] })).toThrow("Class 'b' has only 1 row, fewer than the two sides of the split");
  });

  it('fewer validation rows than classes, or fewer training rows than classes, instead of a split of another size', () => {
    // 3 classes, 2 validation rows promised: a row per class would need 3.
    expect(() => holdout(30, { testFraction: 0.05, stratify: labelsWith([10, 10, 10]) })).toThrow(
      'A stratified split with 3 classes needs at least 3 rows on each side; 2 would be held out of 30. Change the validation fraction.',
    );
    // 3 classes, 4 of 6 rows held out: 2 training rows cannot hold a row of each class.
    expect(() => holdout(6, { testFraction: 0.6, stratify: labelsWith([2, 2, 2]) })).toThrow('needs at least 3 rows on each side; 4 would be held out of 6');
    // The edge that works: exactly one row per class on each side.
    expect(validationPerClass([2, 2, 2], 0.5)).toEqual([1, 1, 1]);
  });
});
