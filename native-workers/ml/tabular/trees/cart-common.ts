/** What the CART tree and the random forest share: parameters, criterion, per-row channel values. */
import type { Task } from '../model';
import { ClassCriterion, SquaredErrorCriterion, type Criterion } from './criteria';
import { DEFAULT_MAX_BINS } from './binning';

export type CartCriterionName = 'gini' | 'entropy' | 'squared_error';

export interface CartParams {
  /** Default gini for classification, squared_error for regression. */
  readonly criterion?: CartCriterionName | null;
  /** Null or absent: grow until leaves are pure or too small. */
  readonly maxDepth?: number | null;
  /** Default 2. */
  readonly minSamplesSplit?: number;
  /** Default 1. */
  readonly minSamplesLeaf?: number;
  /** Default 256 including the missing bin; features with fewer distinct values get exact splits. */
  readonly maxBins?: number;
}

export interface ResolvedCartParams {
  readonly criterion: CartCriterionName | null;
  readonly maxDepth: number | null;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxBins: number;
}

export function resolveCart(p: CartParams): ResolvedCartParams {
  const r: ResolvedCartParams = {
    criterion: p.criterion ?? null,
    maxDepth: p.maxDepth ?? null,
    minSamplesSplit: p.minSamplesSplit ?? 2,
    minSamplesLeaf: p.minSamplesLeaf ?? 1,
    maxBins: p.maxBins ?? DEFAULT_MAX_BINS,
  };
  if (r.maxDepth !== null && !(r.maxDepth >= 1)) throw new Error(`maxDepth must be at least 1, got ${r.maxDepth}.`);
  if (!(r.minSamplesSplit >= 2)) throw new Error(`minSamplesSplit must be at least 2, got ${r.minSamplesSplit}.`);
  if (!(r.minSamplesLeaf >= 1)) throw new Error(`minSamplesLeaf must be at least 1, got ${r.minSamplesLeaf}.`);
  return r;
}

/** Values per leaf: class probabilities for classification, one value for regression. */
export function outputsFor(task: Task, nClasses: number): number {
  return task === 'regression' ? 1 : nClasses;
}

export function criterionFor(task: Task, nClasses: number, p: ResolvedCartParams): Criterion {
  const name = p.criterion ?? (task === 'regression' ? 'squared_error' : 'gini');
  if (task === 'regression') {
    if (name !== 'squared_error') throw new Error(`Regression trees use squared_error, not ${name}.`);
    return new SquaredErrorCriterion(p.minSamplesLeaf, p.minSamplesSplit);
  }
  if (name === 'squared_error') throw new Error('Classification trees use gini or entropy.');
  return new ClassCriterion(nClasses, name, p.minSamplesLeaf, p.minSamplesSplit);
}

/**
 * Per-row channels for the criterion: class weights one-hot plus a count (classification),
 * or w·y, w and a count (regression). `weight` folds sample and bootstrap weights.
 */
export function fillRowValues(task: Task, nClasses: number, y: Float64Array, weight: Float64Array | undefined, out: Float64Array): void {
  const C = task === 'regression' ? 3 : nClasses + 1;
  out.fill(0);
  // Stryker disable next-line EqualityOperator: `<=` writes one row past a typed array's end, which does nothing.
  for (let i = 0; i < y.length; i++) {
    const w = weight ? weight[i]! : 1;
    const o = i * C;
    if (task === 'regression') {
      out[o] = w * y[i]!;
      out[o + 1] = w;
      out[o + 2] = 1;
    } else {
      out[o + y[i]!] = w;
      out[o + nClasses] = 1;
    }
  }
}

export function channelsFor(task: Task, nClasses: number): number {
  return task === 'regression' ? 3 : nClasses + 1;
}
