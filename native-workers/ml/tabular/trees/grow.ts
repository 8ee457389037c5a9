/**
 * Grows one tree over binned features, depth first, for any criterion. Each node owns a
 * contiguous range of one row-index array that splits partition stably (so rows stay
 * ascending and column reads stay forward). With a fixed feature set per tree, only the
 * smaller child's histogram is built; the larger one is the parent's minus it.
 */
import type { Rng } from '../rng';
import { between, type BinnedMatrix } from './binning';
import { GradientCriterion, type Criterion } from './criteria';
import type { FlatTree } from './flat-tree';
import { clearFeatures, HistogramPool, PACKED_SPARE, subtractInto, type HistogramBuilder, type PackedNode } from './histogram';
import { jsKernels, type PackedKernels, type SplitChoice } from './packed-kernels';

export interface GrowOptions {
  readonly criterion: Criterion;
  /** Infinity grows until nodes are pure or too small. */
  readonly maxDepth: number;
  /** A split must gain strictly more than this. */
  readonly minGain: number;
  /** Features this tree may split on, ascending. */
  readonly features: Int32Array;
  /** Random forests: draw this many of `features` afresh at every node (no histogram subtraction then). */
  readonly featuresPerNode?: number;
  readonly rng?: Rng;
  /**
   * CART: where a feature's bins are its distinct values, put the threshold halfway between the
   * values this node holds on either side (as scikit-learn does) rather than between global
   * neighbours. Boosting keeps bin thresholds, which route rows left out by subsampling the same way.
   */
  readonly nodeThresholds?: boolean;
}

export interface GrownTree {
  readonly tree: FlatTree;
  /** Split bin of each node: codes ≤ splitBin go left (routes binned rows without raw values). */
  readonly splitBin: Int32Array;
  /** Node i holds rows[nodeStart[i]..nodeEnd[i]) of the workspace's row array after growing. */
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
}

/**
 * Boosting's node data kept in node order: one record per row (its codes, gradient pair and
 * row index) moved at every split, so a node's histogram pass and partition read memory
 * sequentially (column reads of a deep node's scattered rows each cost a cache miss: 13–90 ns
 * per row and feature, against 2.3 ns in order). Two buffers alternate by depth: a split reads
 * its node forward from one and writes the left child forward from start and the right child
 * backward from end into the other (one pass, one read and two write streams, nothing copied
 * twice; reading backward measured twice as slow, so a node's rows are in no particular order).
 */
class PackedNodes {
  /**
   * Records of all rows in row order, codes and row indices filled in: the root of a tree on
   * all rows is read from here (its gradient pairs from the caller's row values), so a tree
   * starts without copying; a subsampled root is gathered from it into the depth-0 buffer.
   */
  private readonly template: Uint8Array;
  private readonly root: PackedNode;
  private rootIsTemplate = false;
  readonly stride: number;
  private readonly codeBytes: number;
  /** Byte of a record's row index within it. */
  private readonly rowByte: number;
  private readonly nodes: readonly [PackedNode, PackedNode];

  constructor(binned: BinnedMatrix, builder: HistogramBuilder, private readonly rowValues: Float64Array, private readonly kernels: PackedKernels) {
    const { rows: n, cols, codes } = binned;
    const codeBytes = (this.codeBytes = ((cols + 7) >> 3) << 3);
    const stride = (this.stride = codeBytes + 24);
    this.rowByte = codeBytes + 16;
    const valueAt = codeBytes >> 3;
    const alloc = builder.allocator;
    const block = (): PackedNode => {
      const data = alloc ? alloc.uint8(n * stride) : new Uint8Array(n * stride);
      return { data, stride, values: new Float64Array(data.buffer, data.byteOffset, n * (stride >> 3)), valueAt, valueStride: stride >> 3 };
    };
    const t = block().data;
    for (let f = 0; f < cols; f++) {
      const col = f * n;
      for (let r = 0, o = f; r < n; r++, o += stride) t[o] = codes[col + r]!;
    }
    const rowIndex = new Int32Array(t.buffer, t.byteOffset, (n * stride) >> 2);
    for (let r = 0, a = this.rowByte >> 2, W = stride >> 2; r < n; r++, a += W) rowIndex[a] = r;
    this.template = t;
    this.root = { data: t, stride, values: rowValues, valueAt: 0, valueStride: 2 };
    this.nodes = [block(), block()];
  }

  /** The root (depth 0) holds rows[0..nRows) (ascending), in that order. */
  load(rows: Int32Array, nRows: number): void {
    this.rootIsTemplate = nRows === rows.length && rows[0] === 0 && rows[nRows - 1] === nRows - 1;
    if (!this.rootIsTemplate) this.kernels.gatherRoot(this.template, this.nodes[0].data, this.stride, this.codeBytes, this.rowValues, rows, nRows);
  }

  node(depth: number): PackedNode {
    return depth === 0 && this.rootIsTemplate ? this.root : this.nodes[depth & 1];
  }

  /**
   * Splits positions start..end at `depth` into the other buffers: returns where the right
   * child starts. With `move` false (the children are leaves) only row indices are written, into `rows`.
   */
  partition(depth: number, start: number, end: number, feature: number, goLeft: Uint8Array, move: boolean, rows: Int32Array): number {
    const { stride, kernels } = this;
    const fromTemplate = depth === 0 && this.rootIsTemplate;
    const src = fromTemplate ? this.template : this.nodes[depth & 1].data;
    if (!move) return kernels.partitionRows(src, stride, this.rowByte, start, end, feature, goLeft, rows);
    const dst = this.nodes[(depth & 1) ^ 1].data;
    return fromTemplate
      ? kernels.partitionTemplate(src, dst, stride, this.codeBytes, this.rowValues, start, end, feature, goLeft)
      : kernels.partition(src, dst, stride, start, end, feature, goLeft);
  }

  /** A leaf above the depth limit: its row indices into `rows`. */
  settle(depth: number, start: number, end: number, rows: Int32Array): void {
    this.kernels.settle(this.nodes[depth & 1].data, this.stride, this.rowByte, start, end, rows);
  }
}

/** Buffers shared by the trees of one fit: the caller fills rowValues and rows before each tree. */
export class TreeWorkspace {
  readonly rows: Int32Array;
  private readonly spill: Int32Array;
  private readonly pool: HistogramPool;
  private readonly goLeft: Uint8Array;
  readonly kernels: PackedKernels;
  private readonly packed: PackedNodes | null;

  /**
   * `packed` (channels 2, features fixed per tree: boosting) keeps the codes and row values in
   * node order; it costs a row-major copy of the codes and two more of each (about 4 bytes per
   * feature and 32 per row on top) and gives the same sums in the same order.
   */
  constructor(
    readonly binned: BinnedMatrix,
    readonly rowValues: Float64Array,
    readonly channels: number,
    readonly builder: HistogramBuilder,
    packed = false,
  ) {
    if (packed && channels !== 2) throw new Error('The packed layout holds gradient pairs (two channels).');
    this.rows = builder.allocator ? builder.allocator.int32(binned.rows) : new Int32Array(binned.rows);
    this.spill = new Int32Array(binned.rows);
    this.kernels = builder.kernels ?? jsKernels;
    // In the builder's memory, so kernels there can read it.
    this.goLeft = builder.allocator ? builder.allocator.uint8(256) : new Uint8Array(256);
    this.packed = packed ? new PackedNodes(binned, builder, rowValues, this.kernels) : null;
    this.pool = new HistogramPool(binned.binOffset[binned.cols]! * channels + (packed ? PACKED_SPARE : 0), builder.allocator);
  }

  /** Grows a tree on rows[0..nRows) and adds each split's gain to gainByFeature. */
  grow(nRows: number, opts: GrowOptions, gainByFeature: Float64Array): GrownTree {
    const { criterion: crit, maxDepth, features } = opts;
    const C = this.channels;
    if (crit.channels !== C) throw new Error('The criterion and the workspace disagree on channels.');
    const { binned } = this;
    const nodes = new NodeList(crit.outputs);
    const rootSums = new Float64Array(C);
    const packed = this.packed;
    if (packed) {
      if (opts.featuresPerNode !== undefined) throw new Error('The packed layout needs the same features at every node.');
      packed.load(this.rows, nRows);
      for (let i = 0; i < nRows; i++) {
        const o = this.rows[i]! * 2;
        rootSums[0] += this.rowValues[o]!;
        rootSums[1] += this.rowValues[o + 1]!;
      }
    } else {
      for (let i = 0; i < nRows; i++) {
        const o = this.rows[i]! * C;
        for (let c = 0; c < C; c++) rootSums[c] += this.rowValues[o + c]!;
      }
    }
    nodes.add(rootSums, 0, nRows, crit);
    const depthOf: number[] = [0];
    const wasSplit: boolean[] = [];
    const perNode = opts.featuresPerNode !== undefined && opts.featuresPerNode < features.length;
    const nodeFeatures = new Int32Array(features.length);
    const search = new SplitSearch(C, crit, this.kernels);

    const stack: Pending[] = [];
    const canSplit = (id: number, depth: number): boolean =>
      depth < maxDepth && crit.splittable(nodes.sums[id]!, 0, nodes.end[id]! - nodes.start[id]!);
    if (canSplit(0, 0)) stack.push({ id: 0, depth: 0, hist: null });

    while (stack.length > 0) {
      const { id, depth, hist: given } = stack.pop()!;
      let nFeat = features.length;
      let feats = features;
      if (perNode) {
        nFeat = drawFeatures(features, opts.featuresPerNode!, opts.rng!, nodeFeatures);
        feats = nodeFeatures;
      }
      const hist = given ?? this.buildHistogram(id, depth, nodes, feats, nFeat);
      const sums = nodes.sums[id]!;
      const best = search.run(hist, binned, feats, nFeat, sums);
      if (best.feature < 0 || !(best.gain > opts.minGain)) {
        this.pool.release(hist);
        continue;
      }
      const mid = packed
        // Children at the depth limit build no histograms: their codes and values need not move.
        ? packed.partition(depth, nodes.start[id]!, nodes.end[id]!, best.feature, this.splitTable(best.feature, best.bin, best.missingLeft), depth + 1 < maxDepth, this.rows)
        : this.partition(nodes.start[id]!, nodes.end[id]!, best.feature, best.bin, best.missingLeft);
      const l = nodes.add(best.left, nodes.start[id]!, mid, crit);
      const r = nodes.add(best.right, mid, nodes.end[id]!, crit);
      depthOf[l] = depthOf[r] = depth + 1;
      wasSplit[id] = true;
      const threshold = opts.nodeThresholds ? this.nodeThreshold(hist, best.feature, best.bin, crit) : binThreshold(binned, best.feature, best.bin);
      nodes.split(id, best.feature, threshold, best.bin, best.missingLeft, l, r);
      gainByFeature[best.feature] += best.gain;

      const splitL = canSplit(l, depth + 1);
      const splitR = canSplit(r, depth + 1);
      if (perNode || (!splitL && !splitR)) {
        this.pool.release(hist);
        if (splitR) stack.push({ id: r, depth: depth + 1, hist: null });
        if (splitL) stack.push({ id: l, depth: depth + 1, hist: null });
        continue;
      }
      // Build the smaller child; the parent's buffer becomes the larger child's by subtraction.
      const leftSmaller = mid - nodes.start[id]! <= nodes.end[id]! - mid;
      const small = leftSmaller ? l : r;
      const smallHist = this.buildHistogram(small, depth + 1, nodes, feats, nFeat);
      subtractInto(hist, smallHist, binned.binOffset, C, feats, nFeat);
      const histL = leftSmaller ? smallHist : hist;
      const histR = leftSmaller ? hist : smallHist;
      // Right first so the left subtree is grown first (depth first keeps few buffers alive).
      if (splitR) stack.push({ id: r, depth: depth + 1, hist: histR });
      else this.pool.release(histR);
      if (splitL) stack.push({ id: l, depth: depth + 1, hist: histL });
      else this.pool.release(histL);
    }
    if (packed) {
      for (let id = 0; id < depthOf.length; id++) if (!wasSplit[id] && depthOf[id]! > 0 && depthOf[id]! < maxDepth) packed.settle(depthOf[id]!, nodes.start[id]!, nodes.end[id]!, this.rows);
    }
    return nodes.finish();
  }

  private buildHistogram(id: number, depth: number, nodes: NodeList, features: Int32Array, nFeatures: number): Float64Array {
    const hist = this.pool.acquire();
    clearFeatures(hist, this.binned.binOffset, this.channels, features, nFeatures);
    const packed = this.packed;
    this.builder.build({
      binned: this.binned, rowValues: this.rowValues, channels: this.channels, rows: this.rows,
      start: nodes.start[id]!, end: nodes.end[id]!, features, nFeatures, hist, packed: packed?.node(depth),
    });
    return hist;
  }

  /** Halfway between the node's highest value at or below the split bin and its lowest value above it. */
  private nodeThreshold(hist: Float64Array, feature: number, bin: number, crit: Criterion): number {
    const values = this.binned.edges.exactValues[feature];
    const nb = this.binned.valueBins[feature]!;
    if (!values || bin >= nb - 1) return binThreshold(this.binned, feature, bin);
    const h0 = this.binned.binOffset[feature]! * this.channels;
    // The split bin itself holds rows of this node: the search skips empty bins.
    let hi = bin + 1;
    while (hi < nb - 1 && crit.weight(hist, h0 + hi * this.channels) === 0) hi++;
    return between(values[bin]!, values[hi]!);
  }

  /** goLeft[code] for a split. */
  private splitTable(feature: number, bin: number, missingLeft: boolean): Uint8Array {
    const { goLeft } = this;
    const missing = this.binned.valueBins[feature]!;
    for (let b = 0; b < 256; b++) goLeft[b] = b === missing ? (missingLeft ? 1 : 0) : b <= bin ? 1 : 0;
    return goLeft;
  }

  /** Stable partition of rows[start..end) by the split; returns where the right child starts. */
  private partition(start: number, end: number, feature: number, bin: number, missingLeft: boolean): number {
    const { rows, spill } = this;
    const goLeft = this.splitTable(feature, bin, missingLeft);
    const codes = this.binned.codes;
    const col = feature * this.binned.rows;
    let l = start;
    let s = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      if (goLeft[codes[col + row]!] === 1) rows[l++] = row;
      else spill[s++] = row;
    }
    rows.set(spill.subarray(0, s), l);
    return l;
  }

}

/** The split's raw threshold; the missing-vs-rest split (bin = last value bin) sends every number left. */
export function binThreshold(binned: BinnedMatrix, feature: number, bin: number): number {
  const t = binned.edges.thresholds[feature]!;
  return bin < t.length ? t[bin]! : Number.MAX_VALUE;
}

interface Pending {
  readonly id: number;
  readonly depth: number;
  readonly hist: Float64Array | null;
}

/** Partial Fisher–Yates draw of k features into out (sorted, so histogram passes go in column order). */
function drawFeatures(features: Int32Array, k: number, r: Rng, out: Int32Array): number {
  out.set(features);
  for (let i = 0; i < k; i++) {
    const j = i + r.int(features.length - i);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  out.subarray(0, k).sort();
  return k;
}

/** Growable node arrays, finished into a FlatTree. */
class NodeList {
  readonly sums: Float64Array[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly splitBin: number[] = [];
  private readonly value: number[] = [];
  private readonly leafBuf: Float64Array;

  constructor(private readonly outputs: number) {
    this.leafBuf = new Float64Array(outputs);
  }

  add(sums: Float64Array, start: number, end: number, crit: Criterion): number {
    const id = this.feature.length;
    this.sums.push(Float64Array.from(sums));
    this.start.push(start);
    this.end.push(end);
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.missingLeft.push(0);
    this.splitBin.push(-1);
    crit.leaf(sums, 0, this.leafBuf, 0);
    for (let k = 0; k < this.outputs; k++) this.value.push(this.leafBuf[k]!);
    return id;
  }

  split(id: number, feature: number, threshold: number, bin: number, missingLeft: boolean, l: number, r: number): void {
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.splitBin[id] = bin;
    this.missingLeft[id] = missingLeft ? 1 : 0;
    this.left[id] = l;
    this.right[id] = r;
  }

  finish(): GrownTree {
    return {
      tree: {
        feature: Int32Array.from(this.feature),
        threshold: Float64Array.from(this.threshold),
        left: Int32Array.from(this.left),
        right: Int32Array.from(this.right),
        missingLeft: Uint8Array.from(this.missingLeft),
        value: Float64Array.from(this.value),
        outputs: this.outputs,
      },
      splitBin: Int32Array.from(this.splitBin),
      nodeStart: Int32Array.from(this.start),
      nodeEnd: Int32Array.from(this.end),
    };
  }
}


/** Scans every feature's bins left to right, trying missing values on either side (the GPU grower runs it too). */
export class SplitSearch {
  private readonly L: Float64Array;
  private readonly R: Float64Array;
  private readonly LM: Float64Array;
  private readonly RM: Float64Array;
  private readonly best: SplitChoice;
  private parentScore = 0;

  constructor(
    private readonly C: number,
    private readonly crit: Criterion,
    private readonly kernels: PackedKernels,
  ) {
    this.L = new Float64Array(C);
    this.R = new Float64Array(C);
    this.LM = new Float64Array(C);
    this.RM = new Float64Array(C);
    // Stryker disable next-line UnaryOperator,BooleanLiteral: equivalent, run() resets gain and feature, and bin and side are read only with a feature
    this.best = { gain: -Infinity, feature: -1, bin: -1, missingLeft: false, left: new Float64Array(C), right: new Float64Array(C) };
  }

  run(hist: Float64Array, binned: BinnedMatrix, features: Int32Array, nFeatures: number, parent: Float64Array): SplitChoice {
    const { C, crit, L, R, LM, RM, best } = this;
    best.gain = -Infinity;
    best.feature = -1;
    // Stryker disable next-line ConditionalExpression: equivalent as false, the lent search must find the split this one does (wasm-trees.test.ts)
    if (this.kernels.searchGradient && crit instanceof GradientCriterion) {
      this.kernels.searchGradient(hist, binned, features, nFeatures, parent, crit.lambda, crit.minChildWeight, best);
      return best;
    }
    this.parentScore = crit.score(parent, 0);
    for (let k = 0; k < nFeatures; k++) {
      const f = features[k]!;
      const nb = binned.valueBins[f]!;
      const h0 = binned.binOffset[f]! * C;
      const m0 = h0 + nb * C;
      const hasMissing = crit.weight(hist, m0) > 0;
      // No candidate may leave a child without rows: its sums, parent minus sibling, would be rounding
      // residue, which an admissible empty child (λ = 0, minimum child weight 0) turned into an infinite gain
      // and an infinite leaf. Past the node's last filled value bin, values go left only with missing values right.
      let filled = nb - 1;
      // Stryker disable next-line EqualityOperator: equivalent as filled > 0, an empty bin 0 is skipped below anyway
      while (filled >= 0 && crit.weight(hist, h0 + filled * C) === 0) filled--;
      const lastBin = hasMissing ? filled : filled - 1;
      L.fill(0);
      for (let b = 0; b <= lastBin; b++) {
        const bo = h0 + b * C;
        for (let c = 0; c < C; c++) L[c] += hist[bo + c]!;
        // An empty bin repeats the previous candidate (or, first, leaves the left child empty).
        if (crit.weight(hist, bo) === 0) continue;
        for (let c = 0; c < C; c++) R[c] = parent[c]! - L[c]!;
        if (hasMissing) {
          this.consider(L, R, f, b, false);
          if (b < filled) {
            for (let c = 0; c < C; c++) {
              LM[c] = L[c]! + hist[m0 + c]!;
              RM[c] = R[c]! - hist[m0 + c]!;
            }
            this.consider(LM, RM, f, b, true);
          }
        } else {
          // No missing values here: at prediction they follow the heavier side.
          this.consider(L, R, f, b, crit.weight(L, 0) >= crit.weight(R, 0));
        }
      }
    }
    return best;
  }

  private consider(L: Float64Array, R: Float64Array, feature: number, bin: number, missingLeft: boolean): void {
    const { crit, best } = this;
    if (!crit.admissible(L, 0) || !crit.admissible(R, 0)) return;
    const gain = crit.score(L, 0) + crit.score(R, 0) - this.parentScore;
    if (gain > best.gain) {
      best.gain = gain;
      best.feature = feature;
      best.bin = bin;
      best.missingLeft = missingLeft;
      best.left.set(L);
      best.right.set(R);
    }
  }
}
