import { describe, expect, it } from 'vitest';
import { stratifiedSplit, type SplitName } from './split';

const count = (split: readonly SplitName[], labels: readonly number[], c: number) => {
  const n = { train: 0, validation: 0, test: 0 };
  split.forEach((s, i) => {
    if (labels[i] === c) n[s]++;
  });
  return n;
};
const repeat = (c: number, n: number): number[] => Array<number>(n).fill(c);

describe('stratifiedSplit', () => {
  it('refuses negative fractions and fractions that leave nothing to train on, saying which', () => {
    for (const [v, t] of [[-0.1, 0.2], [0.2, -0.1], [0.5, 0.5], [0.7, 0.4], [Number.NaN, 0.1], [0.1, Number.NaN]] as const) {
      expect(() => stratifiedSplit([0, 1, 0, 1], v, t, 1), `${v}, ${t}`).toThrow(`Validation (${v}) and test (${t}) fractions must be ≥ 0 and leave images to train on.`);
    }
    expect(stratifiedSplit([0, 1], 0, 0, 1)).toEqual(['train', 'train']);
    expect(stratifiedSplit([0, 0, 0], 0.6, 0.39, 1).filter((s) => s === 'train')).toHaveLength(1);
  });

  it("gives each class its rounded share, at least one test and validation image from three up, never its last training image", () => {
    const labels = [...repeat(0, 10), ...repeat(1, 3), ...repeat(2, 2), ...repeat(3, 1)];
    const split = stratifiedSplit(labels, 0.2, 0.1, 7);
    expect(count(split, labels, 0)).toEqual({ train: 7, validation: 2, test: 1 });
    // 3 × 0.1 and 3 × 0.2 round to 0: bumped to 1 each.
    expect(count(split, labels, 1)).toEqual({ train: 1, validation: 1, test: 1 });
    // Under three images no bump: all train.
    expect(count(split, labels, 2)).toEqual({ train: 2, validation: 0, test: 0 });
    expect(count(split, labels, 3)).toEqual({ train: 1, validation: 0, test: 0 });
  });

  it('takes back validation images first when the shares would leave a class no training image', () => {
    // 2 images at 0.5 / 0.4: 1 validation + 1 test = 2 → the validation one goes back.
    expect(count(stratifiedSplit([4, 4], 0.5, 0.4, 3), [4, 4], 4)).toEqual({ train: 1, validation: 0, test: 1 });
    // 1 image at 0.5 / 0.4: round(0.5) = 1 validation → back to train.
    expect(stratifiedSplit([4], 0.5, 0.4, 3)).toEqual(['train']);
    // 4 images at 0.45 / 0.45: 2 + 2 = 4 → validation to 1, then test to 1 (validation ≥ test takes first).
    expect(count(stratifiedSplit(repeat(4, 4), 0.45, 0.45, 3), repeat(4, 4), 4)).toEqual({ train: 1, validation: 1, test: 2 });
    // 3 images at 0.3 / 0.5: 1 validation + 2 test = 3 → the larger test share gives one back.
    expect(count(stratifiedSplit(repeat(4, 3), 0.3, 0.5, 3), repeat(4, 3), 4)).toEqual({ train: 1, validation: 1, test: 1 });
  });

  it('a zero fraction stays zero, however large the class', () => {
    const labels = repeat(0, 12);
    expect(count(stratifiedSplit(labels, 0, 0.25, 1), labels, 0)).toEqual({ train: 9, validation: 0, test: 3 });
    expect(count(stratifiedSplit(labels, 0.25, 0, 1), labels, 0)).toEqual({ train: 9, validation: 3, test: 0 });
  });

  it('is the same for the same seed, differs between seeds, and picks within a class whatever order the classes come in', () => {
    const labels = [...repeat(10, 8), ...repeat(2, 8)];
    const a = stratifiedSplit(labels, 0.25, 0.25, 11);
    expect(stratifiedSplit(labels, 0.25, 0.25, 11)).toEqual(a);
    expect(stratifiedSplit(labels, 0.25, 0.25, 12)).not.toEqual(a);
    // The same images with class 2 first: classes are taken in numeric order (2 before 10, not as text or as
    // met), so each class's images get the same splits.
    const b = stratifiedSplit([...repeat(2, 8), ...repeat(10, 8)], 0.25, 0.25, 11);
    expect([...b.slice(8), ...b.slice(0, 8)]).toEqual(a);
  });
});
