/**
 * Random over- and under-sampling of a training set (imbalanced-learn's
 * 'auto' strategy): oversampling draws extra rows of every smaller class, with
 * replacement, up to the largest class; undersampling keeps a random subset of
 * every larger class, down to the smallest. Rows are copied, never altered.
 */
import { takeRows, takeValues, type Matrix } from '../matrix';
import { shuffle, type Rng } from '../rng';
import { classCounts } from './class-weights';

export interface Resampled {
  readonly X: Matrix;
  readonly y: Float64Array;
  /** Index into the given rows for each output row; -1 for a synthetic row. */
  readonly source: Int32Array;
}

export function randomOversample(X: Matrix, y: Float64Array, K: number, r: Rng): Resampled {
  const byClass = rowsByClass(y, K);
  const target = Math.max(...byClass.map((rows) => rows.length));
  const source: number[] = Array.from({ length: y.length }, (_, i) => i);
  for (const rows of byClass) {
    if (rows.length === 0) continue;
    for (let j = rows.length; j < target; j++) source.push(rows[r.int(rows.length)]!);
  }
  return take(X, y, Int32Array.from(source));
}

export function randomUndersample(X: Matrix, y: Float64Array, K: number, r: Rng): Resampled {
  const byClass = rowsByClass(y, K);
  const target = Math.min(...byClass.filter((rows) => rows.length > 0).map((rows) => rows.length));
  const keep: number[] = [];
  for (const rows of byClass) keep.push(...shuffle(rows.slice(), r).slice(0, target));
  // Back to the original row order, so that only the choice of rows is random.
  return take(X, y, Int32Array.from(keep).sort());
}

export function rowsByClass(y: ArrayLike<number>, K: number): number[][] {
  classCounts(y, K);
  const byClass: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]!]!.push(i);
  return byClass;
}

function take(X: Matrix, y: Float64Array, source: Int32Array): Resampled {
  return { X: takeRows(X, source), y: takeValues(y, source), source };
}
