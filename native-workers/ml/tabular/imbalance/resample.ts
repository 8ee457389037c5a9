/**
 * The one door through which imbalance handling reaches a model: it is given a
 * fold and returns a new training set built only from `fold.train`. Validation
 * rows are never read, so resampling cannot leak into (or inflate) validation
 * scores; the caller keeps using `fold.validation` and the original X, y as they were.
 */
import { takeRows, takeValues, type Matrix } from '../matrix';
import { rng } from '../rng';
import type { Fold } from '../splits/types';
import { balancedClassWeights, sampleWeights } from './class-weights';
import { randomOversample, randomUndersample } from './random-sampling';
import { smote } from './smote';

export type ImbalanceMethod = 'none' | 'class-weight' | 'random-oversample' | 'random-undersample' | 'smote';

export interface ImbalanceOptions {
  readonly method: ImbalanceMethod;
  /** Number of classes. */
  readonly K: number;
  readonly seed: number;
  /** SMOTE neighbours; default 5. */
  readonly neighbours?: number;
}

export interface TrainingSet {
  /** New arrays; X and y passed in are not modified. */
  readonly X: Matrix;
  readonly y: Float64Array;
  /** Per-row weights for FitOptions.sampleWeight ('class-weight' only). */
  readonly sampleWeight?: Float64Array;
  /** Original row index (into the full X) of each training row; -1 for a SMOTE row. */
  readonly sourceRow: Int32Array;
  /** Per-class weights ('class-weight' only). */
  readonly classWeight?: Float64Array;
  readonly notes: readonly string[];
}

export function resampleTrainingFold(fold: Fold, X: Matrix, y: Float64Array, opts: ImbalanceOptions): TrainingSet {
  if (y.length !== X.rows) throw new Error(`Got ${X.rows} feature rows but ${y.length} targets.`);
  const trainX = takeRows(X, fold.train);
  const trainY = takeValues(y, fold.train);
  const r = rng(opts.seed);
  const toOriginal = (source: Int32Array): Int32Array => source.map((s) => (s < 0 ? -1 : fold.train[s]!));
  switch (opts.method) {
    case 'none':
      return { X: trainX, y: trainY, sourceRow: Int32Array.from(fold.train), notes: [] };
    case 'class-weight': {
      const classWeight = balancedClassWeights(trainY, opts.K);
      return { X: trainX, y: trainY, sampleWeight: sampleWeights(trainY, classWeight), classWeight, sourceRow: Int32Array.from(fold.train), notes: [] };
    }
    case 'random-oversample': {
      const out = randomOversample(trainX, trainY, opts.K, r);
      return { X: out.X, y: out.y, sourceRow: toOriginal(out.source), notes: [] };
    }
    case 'random-undersample': {
      const out = randomUndersample(trainX, trainY, opts.K, r);
      return { X: out.X, y: out.y, sourceRow: toOriginal(out.source), notes: [] };
    }
    case 'smote': {
      const out = smote(trainX, trainY, opts.K, r, opts.neighbours ?? 5);
      return { X: out.X, y: out.y, sourceRow: toOriginal(out.source), notes: out.notes };
    }
  }
}
