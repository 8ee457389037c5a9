/**
 * Histogram gradient boosting (the XGBoost "hist" / LightGBM / scikit-learn HistGradientBoosting
 * family): second-order trees on binned features, one tree per class per round for multiclass.
 */
import type { Matrix } from '../matrix';
import type { FitOptions, Model, ModelJSON, Task } from '../model';
import { rng } from '../rng';
import { binMatrix, DEFAULT_MAX_BINS, type BinnedMatrix } from './binning';
import { GradientCriterion } from './criteria';
import { addTreeOutputs, treeFromJSON, treeToJSON, type FlatTree, type FlatTreeJSON } from './flat-tree';
import { TreeWorkspace, type GrownTree } from './grow';
import type { GpuTreeGrower } from './gpu/grower';
import { SequentialHistogramBuilder, type ArrayAllocator, type HistogramBuilder } from './histogram';
import { baseScore, gradients, meanLoss, multiclassGradients, toPredictions } from './objectives';
import { allIndices, drawSorted } from './sampling';
import { normalise } from './importance';

export interface GbdtParams {
  /** Boosting rounds (default 200). */
  readonly nRounds?: number;
  /** Default 6. */
  readonly maxDepth?: number;
  /** Shrinkage η (default 0.1). */
  readonly learningRate?: number;
  /** Default 256, including the missing-value bin. */
  readonly maxBins?: number;
  /** Minimum hessian sum in a child (default 1, as XGBoost). */
  readonly minChildWeight?: number;
  /** L2 penalty λ on leaf values (default 1). */
  readonly lambda?: number;
  /** A split must gain more than this (XGBoost's γ; default 0). */
  readonly minSplitGain?: number;
  /** Fraction of rows drawn (without replacement) per round (default 1). */
  readonly subsample?: number;
  /** Fraction of features drawn per tree (default 1). */
  readonly colsample?: number;
  /** With FitOptions.earlyStopping: stop after this many rounds without a better validation loss (default 10). */
  readonly nIterNoChange?: number;
}

/** Runtime-only collaborators (not part of the stored model). */
export interface GbdtRuntime {
  /** A parallel histogram builder; defaults to single-threaded. */
  readonly histogramBuilder?: HistogramBuilder;
  /**
   * Grow the trees on a WebGPU device (gpu/grower.ts) instead: fit() then returns a promise. The
   * caller owns the device; the grower made for a fit is destroyed when it ends.
   */
  readonly gpu?: { readonly makeGrower: (binned: BinnedMatrix) => Promise<TreeGrower> };
}

/** What boosting asks of an asynchronous grower (gpu/grower.ts's GpuTreeGrower; tests grow on the CPU behind it). */
export type TreeGrower = Pick<GpuTreeGrower, 'grow' | 'destroy'>;

/** A grown tree and how to add its leaves to the training rows' scores (the CPU and GPU growers keep rows differently). */
interface TreeOutcome {
  readonly tree: FlatTree;
  readonly splitBin: Int32Array;
  addToTraining(raw: Float64Array, K: number, k: number): void;
}

/** One tree to grow: the gradient pairs of every row, the round's rows (null: all), the tree's features. */
interface TreeRequest {
  readonly gh: Float64Array;
  readonly rows: Int32Array | null;
  readonly features: Int32Array;
  readonly criterion: GradientCriterion;
  readonly gain: Float64Array;
}

type ResolvedParams = Required<GbdtParams>;

function resolve(p: GbdtParams): ResolvedParams {
  const r: ResolvedParams = {
    nRounds: p.nRounds ?? 200,
    maxDepth: p.maxDepth ?? 6,
    learningRate: p.learningRate ?? 0.1,
    maxBins: p.maxBins ?? DEFAULT_MAX_BINS,
    minChildWeight: p.minChildWeight ?? 1,
    lambda: p.lambda ?? 1,
    minSplitGain: p.minSplitGain ?? 0,
    subsample: p.subsample ?? 1,
    colsample: p.colsample ?? 1,
    nIterNoChange: p.nIterNoChange ?? 10,
  };
  if (!(r.nRounds >= 1 && Number.isInteger(r.nRounds))) throw new Error(`nRounds must be a positive integer, got ${r.nRounds}.`);
  if (!(r.maxDepth >= 1)) throw new Error(`maxDepth must be at least 1, got ${r.maxDepth}.`);
  if (!(r.learningRate > 0)) throw new Error(`learningRate must be positive, got ${r.learningRate}.`);
  if (!(r.subsample > 0 && r.subsample <= 1)) throw new Error(`subsample must be in (0, 1], got ${r.subsample}.`);
  if (!(r.colsample > 0 && r.colsample <= 1)) throw new Error(`colsample must be in (0, 1], got ${r.colsample}.`);
  if (!(r.lambda >= 0 && r.minChildWeight >= 0)) throw new Error('lambda and minChildWeight must be non-negative.');
  return r;
}

export interface GbdtJSON extends ModelJSON {
  readonly type: 'gbdt';
  readonly version: 1;
  readonly params: ResolvedParams;
  readonly task: Task;
  readonly nClasses: number;
  readonly nFeatures: number;
  readonly baseScore: number[];
  /** Round-major: tree t belongs to class t % K. */
  readonly trees: FlatTreeJSON[];
  readonly importance: number[];
  readonly bestRound: number;
}

export class GradientBoosting implements Model {
  readonly type = 'gbdt';
  readonly params: ResolvedParams;
  // Stryker disable next-line StringLiteral: fit() and fromJSON() set the task before anything reads it.
  private task: Task = 'binary';
  private nClasses = 2;
  private nFeatures = 0;
  private base: Float64Array = new Float64Array(1);
  private trees: FlatTree[] = [];
  private importance: Float64Array = new Float64Array(0);
  /** Rounds kept (the best validation round + 1 with early stopping). */
  private rounds = 0;

  constructor(params: GbdtParams = {}, private readonly runtime: GbdtRuntime = {}) {
    this.params = resolve(params);
  }

  /** Trees per round: one per class for multiclass, else one. */
  private get K(): number {
    return this.task === 'multiclass' ? this.nClasses : 1;
  }

  get nRoundsKept(): number {
    return this.rounds;
  }

  fit(X: Matrix, y: Float64Array, opts: FitOptions): void | Promise<void> {
    if (this.runtime.gpu) return this.fitOnGpu(this.runtime.gpu.makeGrower, X, y, opts);
    const builder: HistogramBuilder = this.runtime.histogramBuilder ?? new SequentialHistogramBuilder();
    builder.begin?.();
    try {
      let ws: TreeWorkspace | null = null;
      const steps = this.boost(X, y, opts, builder.allocator, (binned) => (req: TreeRequest): TreeOutcome => {
        // Stryker disable next-line BooleanLiteral: the unpacked layout grows the same trees, only slower (gbdt-edges' layout cases).
        ws ??= new TreeWorkspace(binned, req.gh, 2, builder, true);
        return growOnCpu(ws, req, this.params);
      });
      for (let step = steps.next(); !step.done; ) step = steps.next(step.value);
    } finally {
      builder.end?.();
    }
  }

  /** fit() on a WebGPU device: the same rounds, each tree grown by the GPU grower (awaited). */
  private async fitOnGpu(makeGrower: (binned: BinnedMatrix) => Promise<TreeGrower>, X: Matrix, y: Float64Array, opts: FitOptions): Promise<void> {
    let grower: TreeGrower | null = null;
    try {
      const steps = this.boost(X, y, opts, undefined, (binned) => async (req: TreeRequest): Promise<TreeOutcome> => {
        grower ??= await makeGrower(binned);
        const grown = await grower.grow(req.gh, req.rows, treeOptions(req, this.params), req.gain);
        return {
          tree: grown.tree,
          splitBin: grown.splitBin,
          addToTraining: (raw, K, k) => {
            const { leafOfRow, tree } = grown;
            // Stryker disable next-line EqualityOperator: `<=` reads past the end: undefined >= 0 is false, nothing is added.
            for (let r = 0; r < leafOfRow.length; r++) if (leafOfRow[r]! >= 0) raw[r * K + k] += tree.value[leafOfRow[r]!]!;
          },
        };
      });
      for (let step = steps.next(); !step.done; ) step = steps.next(await step.value);
    } finally {
      // Assigned inside the callback, which TypeScript's narrowing here does not see.
      (grower as TreeGrower | null)?.destroy();
    }
  }

  /**
   * The boosting rounds, yielding each tree to grow (as `grow` starts it: an outcome, or a promise of one
   * on the GPU) and taking the outcome back, so one loop serves the synchronous CPU learner and the GPU.
   */
  private *boost<R>(
    X: Matrix, y: Float64Array, opts: FitOptions, alloc: ArrayAllocator | undefined, grower: (binned: BinnedMatrix) => (req: TreeRequest) => R,
  ): Generator<R, void, TreeOutcome> {
    if (y.length !== X.rows) throw new Error(`X has ${X.rows} rows but y has ${y.length}.`);
    const p = this.params;
    this.task = opts.task;
    this.nClasses = opts.task === 'regression' ? 1 : opts.nClasses;
    this.nFeatures = X.cols;
    const K = this.K;
    const n = X.rows;
    const w = opts.sampleWeight;
    const r = rng(opts.seed);
    const binned = binMatrix(X, { maxBins: p.maxBins, seed: opts.seed }, alloc && ((len) => alloc.uint8(len)));
    this.base = baseScore(opts.task, K, y, w);

    const raw = alloc ? alloc.float64(n * K) : new Float64Array(n * K);
    // Stryker disable next-line EqualityOperator: `<=` writes one place past a typed array of exactly that length, which does nothing.
    for (let i = 0; i < raw.length; i++) raw[i] = this.base[i % K]!;
    // Multiclass: every class's gradient pairs, computed in one pass at the start of a round.
    const ghAll = opts.task === 'multiclass' ? new Float64Array(2 * n * K) : null;
    const probRow = new Float64Array(K);
    const gh = alloc ? alloc.float64(2 * n) : new Float64Array(2 * n);
    const grow = grower(binned);
    const criterion = new GradientCriterion(p.lambda, p.minChildWeight, p.learningRate);
    const gain = new Float64Array(X.cols);
    const allFeatures = allIndices(X.cols);
    const nSample = Math.max(1, Math.round(p.subsample * n));
    const nCols = Math.max(1, Math.round(p.colsample * X.cols));
    const sampled = new Uint8Array(n);

    // Early stopping's validation rows and their scores, kept up to date tree by tree.
    const val = opts.earlyStopping ? { ...opts.earlyStopping, raw: new Float64Array(opts.earlyStopping.X.rows * K) } : null;
    // Stryker disable next-line EqualityOperator: `<=` writes one place past a typed array of exactly that length, which does nothing.
    if (val) for (let i = 0; i < val.raw.length; i++) val.raw[i] = this.base[i % K]!;
    let bestLoss = Infinity;
    // Set by the first round whenever there is a validation set, and only then.
    let bestRound = -1;
    let bestGain = gain;

    this.trees = [];
    for (let round = 0; round < p.nRounds; round++) {
      const rows = nSample < n ? drawSorted(n, nSample, r) : null;
      if (rows) {
        sampled.fill(0);
        // Stryker disable next-line EqualityOperator: `<=` sets sampled[undefined], a named property, not a row.
        for (let i = 0; i < rows.length; i++) sampled[rows[i]!] = 1;
      }
      if (ghAll) multiclassGradients(K, raw, y, w, probRow, ghAll);
      for (let k = 0; k < K; k++) {
        if (ghAll) gh.set(ghAll.subarray(2 * n * k, 2 * n * (k + 1)));
        else gradients(opts.task, 1, 0, raw, raw, y, w, gh); // prob is read for multiclass only
        const features = nCols < X.cols ? drawSorted(X.cols, nCols, r) : allFeatures;
        const grown = yield grow({ gh, rows, features, criterion, gain });
        this.trees.push(grown.tree);
        grown.addToTraining(raw, K, k);
        if (rows) addToUnsampled(grown, binned, sampled, raw, K, k);
        if (val) addTreeOutputs(grown.tree, val.X, val.raw, K, k);
      }
      let detail = `round ${round + 1}/${p.nRounds}`;
      let patienceOut = false;
      if (val) {
        const loss = meanLoss(opts.task, K, val.raw, val.y);
        detail += `, validation loss ${loss.toPrecision(5)}`;
        if (bestRound < 0 || loss < bestLoss - 1e-7 * Math.abs(bestLoss)) {
          bestLoss = loss;
          bestRound = round;
          bestGain = gain.slice();
        } else {
          patienceOut = round - bestRound >= p.nIterNoChange;
        }
      }
      opts.checkpoint?.((round + 1) / p.nRounds, detail);
      if (patienceOut) break;
    }
    if (bestRound >= 0) {
      this.trees.length = (bestRound + 1) * K;
      gain.set(bestGain);
    }
    this.rounds = this.trees.length / K;
    this.importance = normalise(gain);
  }

  /** Raw scores (margins): rows × K. */
  predictRaw(X: Matrix): Float64Array {
    if (this.trees.length === 0) throw new Error('The boosted model has not been fitted.');
    if (X.cols !== this.nFeatures) throw new Error(`The model was fitted on ${this.nFeatures} features, X has ${X.cols}.`);
    const K = this.K;
    const raw = new Float64Array(X.rows * K);
    // Stryker disable next-line EqualityOperator: `<=` writes one place past a typed array of exactly that length, which does nothing.
    for (let i = 0; i < raw.length; i++) raw[i] = this.base[i % K]!;
    for (let t = 0; t < this.trees.length; t++) addTreeOutputs(this.trees[t]!, X, raw, K, t % K);
    return raw;
  }

  predict(X: Matrix): Float64Array {
    return toPredictions(this.task, this.K, this.predictRaw(X));
  }

  featureImportance(): Float64Array {
    return this.importance.slice();
  }

  toJSON(): GbdtJSON {
    return {
      type: 'gbdt',
      version: 1,
      params: this.params,
      task: this.task,
      nClasses: this.nClasses,
      nFeatures: this.nFeatures,
      baseScore: Array.from(this.base),
      trees: this.trees.map(treeToJSON),
      importance: Array.from(this.importance),
      bestRound: this.rounds - 1,
    };
  }

  static fromJSON(json: ModelJSON, runtime: GbdtRuntime = {}): GradientBoosting {
    if (json.type !== 'gbdt') throw new Error(`Not a gbdt model: ${json.type}.`);
    const j = json as GbdtJSON;
    const m = new GradientBoosting(j.params, runtime);
    m.task = j.task;
    m.nClasses = j.nClasses;
    m.nFeatures = j.nFeatures;
    m.base = Float64Array.from(j.baseScore);
    m.trees = j.trees.map(treeFromJSON);
    m.importance = Float64Array.from(j.importance);
    m.rounds = m.trees.length / m.K;
    return m;
  }
}

function treeOptions(req: TreeRequest, p: ResolvedParams): { criterion: GradientCriterion; maxDepth: number; minGain: number; features: Int32Array } {
  return { criterion: req.criterion, maxDepth: p.maxDepth, minGain: p.minSplitGain, features: req.features };
}

/** One tree on the CPU: the workspace's rows are the round's (ascending), grown depth first. */
function growOnCpu(ws: TreeWorkspace, req: TreeRequest, p: ResolvedParams): TreeOutcome {
  const n = ws.binned.rows;
  if (req.rows) ws.rows.set(req.rows);
  // Stryker disable next-line EqualityOperator: `<=` writes row n past the n rows the tree is grown on (or past the array's end).
  else for (let i = 0; i < n; i++) ws.rows[i] = i;
  const grown = ws.grow(req.rows ? req.rows.length : n, treeOptions(req, p), req.gain);
  return { tree: grown.tree, splitBin: grown.splitBin, addToTraining: (raw, K, k) => addToTraining(grown, ws, raw, K, k) };
}

/** Adds each leaf's value to the training rows it holds (no tree walk needed). */
function addToTraining(grown: GrownTree, ws: TreeWorkspace, raw: Float64Array, K: number, k: number): void {
  const { tree, nodeStart, nodeEnd } = grown;
  // Stryker disable next-line EqualityOperator: `<=` reads a node past the end: undefined < 0 is false, no leaf is added.
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node]! < 0) ws.kernels.addLeaf(ws.rows, nodeStart[node]!, nodeEnd[node]!, raw, K, k, tree.value[node]!);
  }
}

/** Rows left out by subsampling still need the new tree's output: walk it on their bins. */
function addToUnsampled(grown: TreeOutcome, b: BinnedMatrix, sampled: Uint8Array, raw: Float64Array, K: number, k: number): void {
  const { tree, splitBin } = grown;
  // Stryker disable next-line EqualityOperator: `<=` walks a row past the end and adds to raw past its end (rows × K long), which does nothing.
  for (let row = 0; row < b.rows; row++) {
    if (sampled[row] === 1) continue;
    let node = 0;
    let f = tree.feature[0]!;
    while (f >= 0) {
      const code = b.codes[f * b.rows + row]!;
      const left = code === b.valueBins[f] ? tree.missingLeft[node] === 1 : code <= splitBin[node]!;
      node = left ? tree.left[node]! : tree.right[node]!;
      f = tree.feature[node]!;
    }
    raw[row * K + k] += tree.value[node]!;
  }
}
