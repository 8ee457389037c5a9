/**
 * TimeSeriesSplit as scikit-learn 1.2 does it: rows are in time order; each
 * fold validates the next block and trains on what came before it (minus a
 * `gap`, capped at `maxTrainSize`). Identical to sklearn's folds. The first
 * rows are never validated (their foldOf is -1).
 */
import { type Fold, type Split } from './types';

export interface TimeSeriesOptions {
  /** Number of folds; default 5. */
  readonly splits?: number;
  /** Rows per validation block; default rows / (splits + 1), rounded down. */
  readonly testSize?: number;
  /** Rows left out between training and validation; default 0. */
  readonly gap?: number;
  /** Keep only the latest rows for training. */
  readonly maxTrainSize?: number;
}

export function timeSeriesSplit(n: number, opts: TimeSeriesOptions = {}): Split {
  const splits = opts.splits ?? 5;
  const gap = opts.gap ?? 0;
  if (!Number.isInteger(splits) || splits < 2) throw new Error(`A time-series split needs at least 2 folds, got ${splits}.`);
  if (splits + 1 > n) throw new Error(`Cannot make ${splits} time-ordered folds from ${n} rows: that needs at least ${splits + 1} rows.`);
  const testSize = opts.testSize ?? Math.floor(n / (splits + 1));
  if (n - gap - testSize * splits <= 0) {
    throw new Error(`${splits} validation blocks of ${testSize} rows plus a gap of ${gap} leave no rows to train on (${n} rows). Use fewer folds, a smaller block or gap.`);
  }
  const folds: Fold[] = [];
  const foldOf = new Int32Array(n).fill(-1);
  for (let f = 0, start = n - splits * testSize; start < n; f++, start += testSize) {
    const trainEnd = start - gap;
    const trainStart = opts.maxTrainSize && opts.maxTrainSize < trainEnd ? trainEnd - opts.maxTrainSize : 0;
    const end = Math.min(start + testSize, n);
    folds.push({ train: range(trainStart, trainEnd), validation: range(start, end) });
    for (let i = start; i < end; i++) foldOf[i] = f;
  }
  return { folds, foldOf, rows: n, repeats: 1 };
}

function range(from: number, to: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
