/**
 * A single CART decision tree (gini / entropy / squared error) on binned features: splits are
 * exact wherever a feature has fewer distinct values than bins, as scikit-learn's would be.
 */
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON, Task } from '../model';
import { binMatrix } from './binning';
import { channelsFor, criterionFor, fillRowValues, outputsFor, resolveCart, type CartParams, type ResolvedCartParams } from './cart-common';
import { addTreeOutputs, treeFromJSON, treeToJSON, type FlatTree, type FlatTreeJSON } from './flat-tree';
import { TreeWorkspace } from './grow';
import { SequentialHistogramBuilder } from './histogram';
import { normalise } from './importance';
import { allIndices } from './sampling';

export interface DecisionTreeJSON extends ModelJSON {
  readonly type: 'tree';
  readonly version: 1;
  readonly params: ResolvedCartParams;
  readonly task: Task;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly tree: FlatTreeJSON;
  readonly importance: number[];
}

export class DecisionTree implements Model {
  readonly type = 'tree';
  readonly params: ResolvedCartParams;
  // Stryker disable next-line StringLiteral: fit() and fromJSON() set the task before anything reads it.
  private task: Task = 'binary';
  private nClasses = 2;
  private nFeatures = 0;
  private tree: FlatTree | null = null;
  private importance: Float64Array = new Float64Array(0);

  constructor(params: CartParams = {}) {
    this.params = resolveCart(params);
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void {
    if (y.length !== X.rows) throw new Error(`X has ${X.rows} rows but y has ${y.length}.`);
    this.task = opts.task;
    this.nClasses = opts.task === 'regression' ? 1 : opts.nClasses;
    this.nFeatures = X.cols;
    const criterion = criterionFor(opts.task, this.nClasses, this.params);
    const binned = binMatrix(X, { maxBins: this.params.maxBins, seed: opts.seed });
    const C = channelsFor(opts.task, this.nClasses);
    const values = new Float64Array(X.rows * C);
    fillRowValues(opts.task, this.nClasses, y, opts.sampleWeight, values);
    const ws = new TreeWorkspace(binned, values, C, new SequentialHistogramBuilder());
    // Zero-weight rows take no part, as if absent.
    let n = 0;
    for (let i = 0; i < X.rows; i++) if (!opts.sampleWeight || opts.sampleWeight[i]! > 0) ws.rows[n++] = i;
    const gain = new Float64Array(X.cols);
    const grown = ws.grow(n, { criterion, maxDepth: this.params.maxDepth ?? Infinity, minGain: -Infinity, nodeThresholds: true, features: allIndices(X.cols) }, gain);
    this.tree = grown.tree;
    this.importance = normalise(gain);
    opts.checkpoint?.(1, `${grown.tree.feature.length} nodes`);
  }

  predict(X: Matrix): Float64Array {
    if (!this.tree) throw new Error('The tree has not been fitted.');
    if (X.cols !== this.nFeatures) throw new Error(`The model was fitted on ${this.nFeatures} features, X has ${X.cols}.`);
    const K = outputsFor(this.task, this.nClasses);
    const out = new Float64Array(X.rows * K);
    addTreeOutputs(this.tree, X, out, K, 0);
    return out;
  }

  featureImportance(): Float64Array {
    return this.importance.slice();
  }

  /** The fitted tree's arrays (for inspection and drawing). */
  get fitted(): FlatTree | null {
    return this.tree;
  }

  toJSON(): DecisionTreeJSON {
    if (!this.tree) throw new Error('The tree has not been fitted.');
    return {
      type: 'tree',
      version: 1,
      params: this.params,
      task: this.task,
      nClasses: this.nClasses,
      nFeatures: this.nFeatures,
      tree: treeToJSON(this.tree),
      importance: Array.from(this.importance),
    };
  }

  static fromJSON(json: ModelJSON): DecisionTree {
    if (json.type !== 'tree') throw new Error(`Not a decision tree: ${json.type}.`);
    const j = json as DecisionTreeJSON;
    const m = new DecisionTree(j.params);
    m.task = j.task;
    m.nClasses = j.nClasses;
    m.nFeatures = j.nFeatures;
    m.tree = treeFromJSON(j.tree);
    m.importance = Float64Array.from(j.importance);
    return m;
  }
}
