import { describe, expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { groupKFold } from './group';
import { cases } from '../../../../main/host/testing';

const validation = (groups: readonly string[] | ArrayLike<number>, k: number, shuffle?: { seed?: number }): number[][] =>
  groupKFold(groups, k, shuffle ? { shuffle: true, ...shuffle } : {}).folds.map((f) => Array.from(f.validation));

describe('group k-fold keys', () => {
  it('text groups are numbered in sorted order, as numbers are: the same folds as sklearn', () => {
    // Zero-padded names sort as their numbers do, so sklearn's folds for the numbers must come back.
    for (const c of cases(golden.splits.group, 'GroupKFold cases')) {
      const names = c.groups.map((g) => `g${String(g).padStart(3, '0')}`);
      expect(validation(names, c.k)).toEqual(c.validation);
    }
  });

  it('numbers are numbered by value, not as text (10 after 9)', () => {
    // Three groups of one row: their numbering decides the folds; as text "9" would come last.
    expect(validation([9, 10, 100], 2)).toEqual(validation([1, 2, 3], 2));
    expect(validation([9, 10, 100], 2)).toEqual([[0, 2], [1]]);
  });

  it('a row without a group names the row', () => {
    expect(() => groupKFold([1, 2, NaN, 2], 2)).toThrow('Row 2 has no group; every row needs a group for group k-fold.');
    // A hole in a sparse column reads as undefined.
    const holey: ArrayLike<number> = { length: 3, 0: 1, 2: 2 };
    expect(() => groupKFold(holey, 2)).toThrow('Row 1 has no group');
  });
});

describe('group k-fold balance', () => {
  it('as many folds as groups: each group is a fold (b, a, then c by size and numbering); one more is refused', () => {
    expect(validation(['b', 'a', 'b', 'c', 'a'], 3)).toEqual([[0, 2], [1, 4], [3]]);
    expect(() => groupKFold(['b', 'a', 'b', 'c', 'a'], 4)).toThrow('Cannot make 4 folds from 3 groups: each fold needs a group of its own. Use at most 3 folds.');
  });

  it('largest groups first, each to the fold with the fewest rows so far (the first of equals)', () => {
    // Sizes 5, 4, 3, 2, 1 into 2 folds: 5→A, 4→B, 3→B (7), 2→A (7), 1→A.
    const groups = [...Array<number>(5).fill(0), ...Array<number>(4).fill(1), ...Array<number>(3).fill(2), 3, 3, 4];
    const s = groupKFold(groups, 2);
    expect(Array.from(s.foldOf)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(s.folds.map((f) => f.validation.length)).toEqual([8, 7]);
  });

  it('with distinct sizes, shuffling changes nothing: it only reorders groups of equal size', () => {
    const groups = [...Array<number>(6).fill(7), ...Array<number>(4).fill(3), ...Array<number>(3).fill(5), 1, 1, 2];
    const plain = validation(groups, 3);
    for (const seed of [1, 2, 3]) expect(validation(groups, 3, { seed })).toEqual(plain);
  });

  it('with tied sizes, the shuffle still fills the lightest fold and replays per seed; no seed is seed 0', () => {
    const groups = Array.from({ length: 120 }, (_, i) => i % 24);
    for (const seed of [1, 2]) {
      const folds = validation(groups, 4, { seed });
      expect(folds.map((f) => f.length)).toEqual([30, 30, 30, 30]);
      expect(validation(groups, 4, { seed })).toEqual(folds);
    }
    expect(validation(groups, 4, {})).toEqual(validation(groups, 4, { seed: 0 }));
    expect(validation(groups, 4, { seed: 1 })).not.toEqual(validation(groups, 4, { seed: 2 }));
  });
});
