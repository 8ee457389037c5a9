/**
 * Repeated (stratified) k-fold: k-fold run `repeats` times, each repetition
 * shuffled with its own generator forked from the seed. `folds` holds
 * repeats × k folds, repetition-major.
 */
import { rng } from '../rng';
import { kFoldIds } from './kfold';
import { stratifiedIds } from './stratified';
import { checkFolds, foldsFromIds, type Fold, type Split } from './types';

export interface RepeatOptions {
  /** Default 0. */
  readonly seed?: number;
  readonly classNames?: readonly string[];
}

export function repeatedKFold(n: number, k: number, repeats: number, opts: RepeatOptions = {}): Split {
  checkFolds(k, n);
  return repeat(n, k, repeats, opts.seed ?? 0, (r) => kFoldIds(n, k, r));
}

export function repeatedStratifiedKFold(y: ArrayLike<number>, k: number, repeats: number, opts: RepeatOptions = {}): Split {
  return repeat(y.length, k, repeats, opts.seed ?? 0, (r) => stratifiedIds(y, k, r, opts.classNames));
}

function repeat(n: number, k: number, repeats: number, seed: number, idsFor: (r: ReturnType<typeof rng>) => Int32Array): Split {
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`Repeats must be a positive integer, got ${repeats}.`);
  const base = rng(seed);
  const folds: Fold[] = [];
  const foldOf = new Int32Array(n * repeats);
  for (let rep = 0; rep < repeats; rep++) {
    const ids = idsFor(base.fork());
    for (let i = 0; i < n; i++) foldOf[rep * n + i] = rep * k + ids[i]!;
    folds.push(...foldsFromIds(ids, k));
  }
  return { folds, foldOf, rows: n, repeats };
}
