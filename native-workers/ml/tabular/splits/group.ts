/**
 * GroupKFold as scikit-learn 1.2 does it: all rows of a group land in the same
 * fold; groups go, largest first, to the fold with the fewest rows so far.
 * Without shuffling (sklearn 1.2 has no shuffle) the folds are identical to
 * sklearn's. With shuffling, groups of equal size are taken in a seeded random
 * order instead of numpy's, so different seeds give different folds.
 */
import { rng, shuffle } from '../rng';
import { numpyArgsort } from './numpy-argsort';
import { checkFolds, foldsFromIds, type ShuffleOptions, type Split } from './types';

export type GroupKeys = readonly string[] | ArrayLike<number>;

export function groupKFold(groups: GroupKeys, k: number, opts: ShuffleOptions = {}): Split {
  const n = groups.length;
  checkFolds(k, n);
  const { inverse, count } = uniqueInverse(groups);
  if (k > count) throw new Error(`Cannot make ${k} folds from ${count} groups: each fold needs a group of its own. Use at most ${count} folds.`);
  const sizes = new Float64Array(count);
  for (let i = 0; i < n; i++) sizes[inverse[i]!] += 1;
  const ascending = opts.shuffle ? shuffledAscending(sizes, opts.seed ?? 0) : numpyArgsort(sizes);
  const perFold = new Float64Array(k);
  const groupToFold = new Int32Array(count);
  for (let j = count - 1; j >= 0; j--) {
    const g = ascending[j]!;
    let lightest = 0;
    for (let f = 1; f < k; f++) if (perFold[f]! < perFold[lightest]!) lightest = f;
    perFold[lightest] += sizes[g]!;
    groupToFold[g] = lightest;
  }
  const ids = Int32Array.from(inverse, (g) => groupToFold[g]!);
  return { folds: foldsFromIds(ids, k), foldOf: ids, rows: n, repeats: 1 };
}

/** numpy `unique(return_inverse=True)`: groups numbered in sorted order. */
function uniqueInverse(groups: GroupKeys): { inverse: Int32Array; count: number } {
  const keys: (string | number)[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g === null || g === undefined || (typeof g === 'number' && Number.isNaN(g))) {
      throw new Error(`Row ${i} has no group; every row needs a group for group k-fold.`);
    }
    keys.push(g);
  }
  const distinct = [...new Set(keys)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const index = new Map(distinct.map((g, i) => [g, i]));
  return { inverse: Int32Array.from(keys, (g) => index.get(g)!), count: distinct.length };
}

/** Group indices by increasing size, equal sizes in a seeded random order. */
function shuffledAscending(sizes: Float64Array, seed: number): Int32Array {
  const order = shuffle(Int32Array.from({ length: sizes.length }, (_, i) => i), rng(seed));
  // Array.prototype.sort is stable, so the shuffle decides the order within equal sizes.
  return Int32Array.from(Array.from(order).sort((a, b) => sizes[a]! - sizes[b]!));
}
