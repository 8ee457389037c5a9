/**
 * Random forest: CART trees on bootstrap samples (as multinomial row weights, like
 * scikit-learn), a fresh random feature subset at every node; predictions averaged.
 */
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON, Task } from '../model';
import { rng } from '../rng';
import { binMatrix } from './binning';
import { channelsFor, criterionFor, fillRowValues, outputsFor, resolveCart, type CartParams, type ResolvedCartParams } from './cart-common';
import { addTreeOutputs, treeFromJSON, treeToJSON, type FlatTree, type FlatTreeJSON } from './flat-tree';
import { TreeWorkspace } from './grow';
import { SequentialHistogramBuilder } from './histogram';
import { normalise } from './importance';
import { allIndices, bootstrapCounts } from './sampling';

/** Features tried per node: sqrt(F), log2(F), F/3, all, or a fraction of F. */
export type MaxFeatures = 'sqrt' | 'log2' | 'third' | 'all' | number;

export interface ForestParams extends CartParams {
  /** Default 100. */
  readonly nTrees?: number;
  /** Default sqrt for classification, all for regression (scikit-learn's defaults). */
  readonly maxFeatures?: MaxFeatures | null;
  /** Default true. */
  readonly bootstrap?: boolean;
}

export interface ResolvedForestParams extends ResolvedCartParams {
  readonly nTrees: number;
  readonly maxFeatures: MaxFeatures | null;
  readonly bootstrap: boolean;
}

export interface RandomForestJSON extends ModelJSON {
  readonly type: 'rf';
  readonly version: 1;
  readonly params: ResolvedForestParams;
  readonly task: Task;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly trees: FlatTreeJSON[];
  readonly importance: number[];
}

export function featuresPerNode(maxFeatures: MaxFeatures | null, task: Task, nFeatures: number): number {
  const m = maxFeatures ?? (task === 'regression' ? 'all' : 'sqrt');
  const k =
    m === 'sqrt' ? Math.floor(Math.sqrt(nFeatures)) :
    m === 'log2' ? Math.floor(Math.log2(nFeatures)) :
    m === 'third' ? Math.floor(nFeatures / 3) :
    m === 'all' ? nFeatures :
    Math.floor(m * nFeatures);
  return Math.min(nFeatures, Math.max(1, k));
}

export class RandomForest implements Model {
  readonly type = 'rf';
  readonly params: ResolvedForestParams;
  // Stryker disable next-line StringLiteral: fit() and fromJSON() set the task before anything reads it.
  private task: Task = 'binary';
  private nClasses = 2;
  private nFeatures = 0;
  private trees: FlatTree[] = [];
  private importance: Float64Array = new Float64Array(0);

  constructor(params: ForestParams = {}) {
    const nTrees = params.nTrees ?? 100;
    if (!(nTrees >= 1 && Number.isInteger(nTrees))) throw new Error(`nTrees must be a positive integer, got ${nTrees}.`);
    const mf = params.maxFeatures ?? null;
    if (typeof mf === 'number' && !(mf > 0 && mf <= 1)) throw new Error(`maxFeatures as a fraction must be in (0, 1], got ${mf}.`);
    this.params = { ...resolveCart(params), nTrees, maxFeatures: mf, bootstrap: params.bootstrap ?? true };
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void {
    if (y.length !== X.rows) throw new Error(`X has ${X.rows} rows but y has ${y.length}.`);
    const p = this.params;
    this.task = opts.task;
    this.nClasses = opts.task === 'regression' ? 1 : opts.nClasses;
    this.nFeatures = X.cols;
    const n = X.rows;
    const criterion = criterionFor(opts.task, this.nClasses, p);
    const binned = binMatrix(X, { maxBins: p.maxBins, seed: opts.seed });
    const C = channelsFor(opts.task, this.nClasses);
    const values = new Float64Array(n * C);
    const ws = new TreeWorkspace(binned, values, C, new SequentialHistogramBuilder());
    const features = allIndices(X.cols);
    const perNode = featuresPerNode(p.maxFeatures, opts.task, X.cols);
    const weight = new Float64Array(n);
    const gain = new Float64Array(X.cols);
    const importance = new Float64Array(X.cols);
    const r = rng(opts.seed);
    this.trees = [];
    for (let t = 0; t < p.nTrees; t++) {
      const treeRng = r.fork();
      const counts = p.bootstrap ? bootstrapCounts(n, treeRng) : null;
      let m = 0;
      // Stryker disable next-line EqualityOperator: `<=` reads past the counts (NaN weight: no row) and writes past `weight`'s end, which does nothing.
      for (let i = 0; i < n; i++) {
        weight[i] = (counts ? counts[i]! : 1) * (opts.sampleWeight ? opts.sampleWeight[i]! : 1);
        if (weight[i]! > 0) ws.rows[m++] = i;
      }
      fillRowValues(opts.task, this.nClasses, y, weight, values);
      gain.fill(0);
      const grown = ws.grow(m, {
        criterion, maxDepth: p.maxDepth ?? Infinity, minGain: -Infinity, nodeThresholds: true, features, featuresPerNode: perNode, rng: treeRng,
      }, gain);
      this.trees.push(grown.tree);
      // Each tree's importances count equally, as in scikit-learn.
      const own = normalise(gain);
      // Stryker disable next-line EqualityOperator: `<=` writes one place past a typed array's end, which does nothing.
      for (let f = 0; f < X.cols; f++) importance[f] += own[f]!;
      opts.checkpoint?.((t + 1) / p.nTrees, `tree ${t + 1}/${p.nTrees}`);
    }
    this.importance = normalise(importance);
  }

  predict(X: Matrix): Float64Array {
    if (this.trees.length === 0) throw new Error('The forest has not been fitted.');
    if (X.cols !== this.nFeatures) throw new Error(`The model was fitted on ${this.nFeatures} features, X has ${X.cols}.`);
    const K = outputsFor(this.task, this.nClasses);
    const out = new Float64Array(X.rows * K);
    const scale = 1 / this.trees.length;
    for (const tree of this.trees) addTreeOutputs(tree, X, out, K, 0, scale);
    return out;
  }

  featureImportance(): Float64Array {
    return this.importance.slice();
  }

  get size(): number {
    return this.trees.length;
  }

  toJSON(): RandomForestJSON {
    return {
      type: 'rf',
      version: 1,
      params: this.params,
      task: this.task,
      nClasses: this.nClasses,
      nFeatures: this.nFeatures,
      trees: this.trees.map(treeToJSON),
      importance: Array.from(this.importance),
    };
  }

  static fromJSON(json: ModelJSON): RandomForest {
    if (json.type !== 'rf') throw new Error(`Not a random forest: ${json.type}.`);
    const j = json as RandomForestJSON;
    const m = new RandomForest(j.params);
    m.task = j.task;
    m.nClasses = j.nClasses;
    m.nFeatures = j.nFeatures;
    m.trees = j.trees.map(treeFromJSON);
    m.importance = Float64Array.from(j.importance);
    return m;
  }
}
