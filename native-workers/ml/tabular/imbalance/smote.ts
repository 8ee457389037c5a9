/**
 * SMOTE (Chawla et al. 2002, as imbalanced-learn's SMOTE with k_neighbors=5):
 * each smaller class grows to the size of the largest with synthetic rows
 * x + u·(neighbour − x), u uniform in [0, 1), neighbour one of x's k nearest
 * rows of the same class (Euclidean). Features must be numeric and complete,
 * i.e. after imputation, encoding and scaling. Neighbour search is brute force,
 * O(rows of the class² × columns).
 */
import { matrix, type Matrix } from '../matrix';
import type { Rng } from '../rng';
import { rowsByClass, type Resampled } from './random-sampling';

export interface SmoteResult extends Resampled {
  /** What the user should know (a class too small to interpolate). */
  readonly notes: readonly string[];
}

export function smote(X: Matrix, y: Float64Array, K: number, r: Rng, neighbours = 5): SmoteResult {
  if (!Number.isInteger(neighbours) || neighbours < 1) throw new Error(`SMOTE needs at least 1 neighbour, got ${neighbours}.`);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i])) {
      throw new Error(`SMOTE needs complete numeric features, but row ${Math.floor(i / X.cols)} column ${i % X.cols} is missing or infinite. Impute missing values first.`);
    }
  }
  const byClass = rowsByClass(y, K);
  const target = Math.max(...byClass.map((rows) => rows.length));
  const d = X.cols;
  const extra: number[] = [];
  const extraY: number[] = [];
  const extraSource: number[] = [];
  const notes: string[] = [];
  byClass.forEach((rows, c) => {
    const need = target - rows.length;
    if (need === 0 || rows.length === 0) return;
    if (rows.length === 1) {
      notes.push(`Class ${c} has a single training row; SMOTE cannot interpolate, so it was duplicated ${need} times.`);
      for (let j = 0; j < need; j++) {
        extra.push(...X.data.subarray(rows[0]! * d, rows[0]! * d + d));
        extraY.push(c);
        extraSource.push(rows[0]!);
      }
      return;
    }
    const k = Math.min(neighbours, rows.length - 1);
    if (k < neighbours) notes.push(`Class ${c} has ${rows.length} training rows; SMOTE used ${k} neighbours instead of ${neighbours}.`);
    const cache = new Map<number, Int32Array>();
    for (let j = 0; j < need; j++) {
      const base = r.int(rows.length);
      let nn = cache.get(base);
      if (!nn) {
        nn = nearest(X, rows, base, k);
        cache.set(base, nn);
      }
      const other = rows[nn[r.int(k)]!]!;
      const from = rows[base]!;
      const u = r.next();
      for (let f = 0; f < d; f++) {
        const a = X.data[from * d + f]!;
        extra.push(a + u * (X.data[other * d + f]! - a));
      }
      extraY.push(c);
      extraSource.push(-1);
    }
  });
  const n = y.length;
  const data = new Float64Array((n + extraY.length) * d);
  data.set(X.data);
  data.set(extra, n * d);
  const outY = new Float64Array(n + extraY.length);
  outY.set(y);
  outY.set(extraY, n);
  const source = Int32Array.from({ length: n + extraY.length }, (_, i) => (i < n ? i : extraSource[i - n]!));
  return { X: matrix(n + extraY.length, d, data), y: outY, source, notes };
}

/** Positions (into `rows`) of the k rows nearest to rows[at], itself excluded; ties by position. */
function nearest(X: Matrix, rows: readonly number[], at: number, k: number): Int32Array {
  const d = X.cols;
  const a = rows[at]! * d;
  const dist: { j: number; d2: number }[] = [];
  for (let j = 0; j < rows.length; j++) {
    if (j === at) continue;
    const b = rows[j]! * d;
    let s = 0;
    for (let f = 0; f < d; f++) s += (X.data[a + f]! - X.data[b + f]!) ** 2;
    dist.push({ j, d2: s });
  }
  dist.sort((p, q) => p.d2 - q.d2 || p.j - q.j);
  return Int32Array.from(dist.slice(0, k), (x) => x.j);
}
