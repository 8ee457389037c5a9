/**
 * KFold as scikit-learn does it: contiguous blocks of rows, the first n mod k
 * folds one row larger. Without shuffling the folds are identical to sklearn's.
 */
import { rng, shuffle, type Rng } from '../rng';
import { checkFolds, foldsFromIds, type ShuffleOptions, type Split } from './types';

export function kFold(n: number, k: number, opts: ShuffleOptions = {}): Split {
  checkFolds(k, n);
  const ids = kFoldIds(n, k, opts.shuffle ? rng(opts.seed ?? 0) : null);
  return { folds: foldsFromIds(ids, k), foldOf: ids, rows: n, repeats: 1 };
}

/** Validation fold id per row; `r` shuffles the row order first. */
export function kFoldIds(n: number, k: number, r: Rng | null): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (r) shuffle(order, r);
  const ids = new Int32Array(n);
  let at = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = 0; j < size; j++) ids[order[at++]!] = f;
  }
  return ids;
}
