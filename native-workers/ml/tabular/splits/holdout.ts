/**
 * One train/validation split. The validation size is ceil(fraction × rows), as
 * sklearn's train_test_split. Without shuffling the last rows validate (so a
 * time-ordered file validates on its latest rows). Stratified: each class
 * gets its share of validation rows by largest remainder, and every class keeps
 * at least one row on each side.
 */
import { rng, shuffle } from '../rng';
import { checkStratifiable, encodeByAppearance } from './stratified';
import { type Split } from './types';

export interface HoldoutOptions {
  /** Fraction of rows held out for validation, in (0, 1). */
  readonly testFraction: number;
  /** Default true. Stratifying always shuffles within each class. */
  readonly shuffle?: boolean;
  /** Class labels per row to stratify on. */
  readonly stratify?: ArrayLike<number>;
  readonly seed?: number;
  readonly classNames?: readonly string[];
}

export function holdout(n: number, opts: HoldoutOptions): Split {
  const f = opts.testFraction;
  if (!(f > 0 && f < 1)) throw new Error(`The validation fraction must be between 0 and 1 (exclusive), got ${f}.`);
  const nTest = Math.ceil(f * n);
  if (nTest >= n || n < 2) throw new Error(`Holding out ${Math.round(f * 100)}% of ${n} rows leaves no rows to train on.`);
  const r = rng(opts.seed ?? 0);
  const foldOf = new Int32Array(n).fill(-1);
  if (opts.stratify) {
    if (opts.stratify.length !== n) throw new Error(`Got ${opts.stratify.length} class labels for ${n} rows.`);
    const cc = encodeByAppearance(opts.stratify);
    checkStratifiable(cc, 2, 'the two sides of the split', opts.classNames);
    const nClasses = cc.labels.length;
    if (nTest < nClasses || n - nTest < nClasses) {
      throw new Error(`A stratified split with ${nClasses} classes needs at least ${nClasses} rows on each side; ${nTest} would be held out of ${n}. Change the validation fraction.`);
    }
    const take = allocate(cc.counts, nTest);
    for (let c = 0; c < nClasses; c++) {
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (cc.encoded[i] === c) rows.push(i);
      shuffle(rows, r);
      for (let j = 0; j < take[c]!; j++) foldOf[rows[j]!] = 0;
    }
  } else {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (opts.shuffle ?? true) {
      shuffle(order, r);
      for (let j = 0; j < nTest; j++) foldOf[order[j]!] = 0;
    } else {
      for (let j = n - nTest; j < n; j++) foldOf[j] = 0;
    }
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < n; i++) (foldOf[i] === 0 ? validation : train).push(i);
  return { folds: [{ train: Int32Array.from(train), validation: Int32Array.from(validation) }], foldOf, rows: n, repeats: 1 };
}

/** Validation rows per class: largest remainder, then at least 1 and at most count − 1 per class. */
function allocate(counts: readonly number[], nTest: number): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => (nTest * c) / n);
  const take = exact.map(Math.floor);
  let left = nTest - take.reduce((a, b) => a + b, 0);
  const byRemainder = counts.map((_, c) => c).sort((a, b) => exact[b]! - take[b]! - (exact[a]! - take[a]!) || counts[b]! - counts[a]! || a - b);
  for (const c of byRemainder) {
    if (left === 0) break;
    take[c]! += 1;
    left--;
  }
  // Move single rows so that each class is on both sides; totals stay the same.
  for (let c = 0; c < counts.length; c++) {
    while (take[c]! < 1) moveRow(take, counts, c, +1);
    while (take[c]! > counts[c]! - 1) moveRow(take, counts, c, -1);
  }
  return take;
}

function moveRow(take: number[], counts: readonly number[], to: number, direction: 1 | -1): void {
  let donor = -1;
  for (let d = 0; d < take.length; d++) {
    if (d === to) continue;
    const spare = direction === 1 ? take[d]! - 1 : counts[d]! - 1 - take[d]!;
    const best = donor < 0 ? 0 : direction === 1 ? take[donor]! - 1 : counts[donor]! - 1 - take[donor]!;
    if (spare > best) donor = d;
  }
  // The size checks before guarantee a donor exists.
  take[to]! += direction;
  take[donor]! -= direction;
}
