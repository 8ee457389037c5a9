/** What every splitter returns: folds as row indices, and which fold validates each row. */

export interface Fold {
  /** Training row indices, increasing. */
  readonly train: Int32Array;
  /** Validation row indices, increasing. */
  readonly validation: Int32Array;
}

export interface Split {
  readonly folds: readonly Fold[];
  /**
   * For row i in repetition r, `foldOf[r * rows + i]` is the index into `folds`
   * of the fold that validates it, or -1 when no fold does (holdout training
   * rows, the head of a time series). Length rows × repeats.
   */
  readonly foldOf: Int32Array;
  readonly rows: number;
  readonly repeats: number;
}

export interface ShuffleOptions {
  /** Shuffle before splitting; otherwise folds follow row order. Default false. */
  readonly shuffle?: boolean;
  /** Seed for the shuffle (our seeded rng; the same seed gives the same folds). Default 0. */
  readonly seed?: number;
}

/** Folds from a per-row validation fold id (-1: never validated), in one repetition. */
export function foldsFromIds(ids: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const validation: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < ids.length; i++) (ids[i] === f ? validation : train).push(i);
    folds.push({ train: Int32Array.from(train), validation: Int32Array.from(validation) });
  }
  return folds;
}

export function checkFolds(k: number, n: number, what = 'rows'): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`Cross-validation needs at least 2 folds, got ${k}.`);
  if (k > n) throw new Error(`Cannot make ${k} folds from ${n} ${what}: every fold needs at least one. Use at most ${n} folds.`);
}
