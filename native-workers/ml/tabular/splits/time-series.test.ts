import { describe, expect, it } from 'vitest';
import { timeSeriesSplit, type TimeSeriesOptions } from './time-series';

const folds = (n: number, opts: TimeSeriesOptions): [number[], number[]][] =>
  timeSeriesSplit(n, opts).folds.map((f) => [Array.from(f.train), Array.from(f.validation)]);

// Expected folds printed by sklearn 1.2 (`TimeSeriesSplit(**kw).split(np.zeros(n))`).
describe('time-series split: the training window', () => {
  it('maxTrainSize keeps the latest rows, and only once there are more rows than it before the block', () => {
    // The first fold has 3 rows before it, fewer than 5: all of them train (no negative row numbers).
    expect(folds(12, { splits: 3, testSize: 3, maxTrainSize: 5 })).toEqual([
      [[0, 1, 2], [3, 4, 5]],
      [[1, 2, 3, 4, 5], [6, 7, 8]],
      [[4, 5, 6, 7, 8], [9, 10, 11]],
    ]);
  });

  it('a gap leaves rows out between training and validation, the window ending before it', () => {
    expect(folds(12, { splits: 3, testSize: 2, gap: 2, maxTrainSize: 4 })).toEqual([
      [[0, 1, 2, 3], [6, 7]],
      [[2, 3, 4, 5], [8, 9]],
      [[4, 5, 6, 7], [10, 11]],
    ]);
  });

  it('by default the block is rows / (splits + 1), rounded down, and training starts at row 0', () => {
    expect(folds(7, { splits: 2 })).toEqual([
      [[0, 1, 2], [3, 4]],
      [[0, 1, 2, 3, 4], [5, 6]],
    ]);
    const five = timeSeriesSplit(12);
    expect(five.folds.map((f) => [f.train.length, f.validation.length])).toEqual([[2, 2], [4, 2], [6, 2], [8, 2], [10, 2]]);
    expect(five).toMatchObject({ rows: 12, repeats: 1 });
  });
});

describe('time-series split refusals', () => {
  it('fewer than 2 folds, or a fractional count', () => {
    for (const splits of [1, 0, 2.5]) {
      expect(() => timeSeriesSplit(20, { splits })).toThrow(`A time-series split needs at least 2 folds, got ${splits}.`);
    }
  });

  it('fewer rows than folds + 1 says how many are needed; exactly folds + 1 works', () => {
    expect(() => timeSeriesSplit(3, { splits: 3 })).toThrow('Cannot make 3 time-ordered folds from 3 rows: that needs at least 4 rows.');
    expect(folds(4, { splits: 3 })).toEqual([
      [[0], [1]],
      [[0, 1], [2]],
      [[0, 1, 2], [3]],
    ]);
  });

  it('blocks and gap that leave nothing to train on, and the edge that leaves one row', () => {
    expect(() => timeSeriesSplit(10, { splits: 3, testSize: 3, gap: 1 })).toThrow(
      '3 validation blocks of 3 rows plus a gap of 1 leave no rows to train on (10 rows). Use fewer folds, a smaller block or gap.',
    );
    expect(() => timeSeriesSplit(9, { splits: 3, testSize: 3 })).toThrow('leave no rows to train on (9 rows)');
    expect(folds(10, { splits: 3, testSize: 3 })[0]).toEqual([[0], [1, 2, 3]]);
  });
});
