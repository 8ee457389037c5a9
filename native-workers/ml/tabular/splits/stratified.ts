/**
 * StratifiedKFold as scikit-learn 1.2 does it: classes numbered by first
 * appearance, each fold's share of every class dealt round-robin over the
 * sorted labels, and each class's rows given to folds in blocks (row order kept
 * unless shuffled). Without shuffling the folds are identical to sklearn's.
 * Unlike sklearn (which only warns), a class smaller than k is an error.
 */
import { rng, shuffle, type Rng } from '../rng';
import { checkFolds, foldsFromIds, type ShuffleOptions, type Split } from './types';

export interface StratifyOptions extends ShuffleOptions {
  /** Class names for error messages, indexed by label value. */
  readonly classNames?: readonly string[];
}

export function stratifiedKFold(y: ArrayLike<number>, k: number, opts: StratifyOptions = {}): Split {
  const ids = stratifiedIds(y, k, opts.shuffle ? rng(opts.seed ?? 0) : null, opts.classNames);
  return { folds: foldsFromIds(ids, k), foldOf: ids, rows: y.length, repeats: 1 };
}

export interface ClassCounts {
  /** Per row: class number by order of first appearance. */
  readonly encoded: Int32Array;
  /** The label value of each class number. */
  readonly labels: number[];
  readonly counts: number[];
}

export function encodeByAppearance(y: ArrayLike<number>): ClassCounts {
  const index = new Map<number, number>();
  const labels: number[] = [];
  const counts: number[] = [];
  const encoded = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (Number.isNaN(v)) throw new Error(`Row ${i} has no target value; drop or fill missing targets before splitting.`);
    let c = index.get(v);
    if (c === undefined) {
      c = labels.length;
      index.set(v, c);
      labels.push(v);
      counts.push(0);
    }
    encoded[i] = c;
    counts[c]! += 1;
  }
  return { encoded, labels, counts };
}

export function checkStratifiable(cc: ClassCounts, minimum: number, what: string, classNames?: readonly string[]): void {
  const name = (label: number): string => (classNames?.[label] !== undefined ? `'${classNames[label]}'` : String(label));
  if (cc.labels.length < 2) {
    throw new Error(`The target has a single class (${cc.labels.length ? name(cc.labels[0]!) : 'none'}); stratified splitting and classification need at least two.`);
  }
  cc.counts.forEach((count, c) => {
    if (count < minimum) {
      throw new Error(
        `Class ${name(cc.labels[c]!)} has only ${count} row${count === 1 ? '' : 's'}, fewer than ${what}: each needs at least one row of every class. Use fewer folds, or merge or drop the rare class.`,
      );
    }
  });
}

export function stratifiedIds(y: ArrayLike<number>, k: number, r: Rng | null, classNames?: readonly string[]): Int32Array {
  const n = y.length;
  checkFolds(k, n);
  const cc = encodeByAppearance(y);
  checkStratifiable(cc, k, `the ${k} folds`, classNames);
  const nClasses = cc.labels.length;
  // allocation[f][c]: rows of class c in fold f, dealing the sorted labels round-robin.
  const allocation = Array.from({ length: k }, () => new Array<number>(nClasses).fill(0));
  let position = 0;
  for (let c = 0; c < nClasses; c++) {
    for (let j = 0; j < cc.counts[c]!; j++, position++) allocation[position % k]![c]! += 1;
  }
  const ids = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const foldsForClass = new Int32Array(cc.counts[c]!);
    let at = 0;
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f]![c]!; j++) foldsForClass[at++] = f;
    if (r) shuffle(foldsForClass, r);
    at = 0;
    for (let i = 0; i < n; i++) if (cc.encoded[i] === c) ids[i] = foldsForClass[at++]!;
  }
  return ids;
}
