/**
 * A fitted tree as parallel flat arrays (node i: feature[i], threshold[i], …): prediction walks
 * typed arrays without allocating, and the arrays serialise to plain JSON number lists.
 */
import type { Matrix } from '../matrix';

export interface FlatTree {
  /** Split feature of each node; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** Rows with x ≤ threshold go left, larger values go right. */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** 1 where a missing (NaN) value goes left, 0 where it goes right. */
  readonly missingLeft: Uint8Array;
  /** `outputs` values per node: what a row reaching that node predicts. */
  readonly value: Float64Array;
  readonly outputs: number;
}

export interface FlatTreeJSON {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly missingLeft: number[];
  readonly value: number[];
  readonly outputs: number;
}

/** The leaf a row (row-major at data[offset…]) falls into. */
export function leafOf(tree: FlatTree, data: Float64Array, offset: number): number {
  const { feature, threshold, left, right, missingLeft } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const x = data[offset + f]!;
    if (x <= threshold[node]!) node = left[node]!;
    else if (x !== x && missingLeft[node] === 1) node = left[node]!;
    else node = right[node]!;
    f = feature[node]!;
  }
  return node;
}

/**
 * out[r * stride + column + k] += scale * leaf value k, for every row r of X: ensembles
 * accumulate tree after tree into one buffer.
 */
export function addTreeOutputs(tree: FlatTree, X: Matrix, out: Float64Array, stride: number, column: number, scale = 1): void {
  const { outputs, value } = tree;
  for (let r = 0; r < X.rows; r++) {
    const leaf = leafOf(tree, X.data, r * X.cols) * outputs;
    const o = r * stride + column;
    for (let k = 0; k < outputs; k++) out[o + k] += scale * value[leaf + k]!;
  }
}

export function treeDepth(tree: FlatTree): number {
  const depth = new Int32Array(tree.feature.length);
  let max = 0;
  // Children always come after their parent (nodes are numbered as they are created).
  for (let i = 0; i < tree.feature.length; i++) {
    if (tree.feature[i]! < 0) continue;
    depth[tree.left[i]!] = depth[tree.right[i]!] = depth[i]! + 1;
    max = Math.max(max, depth[i]! + 1);
  }
  return max;
}

export function treeToJSON(t: FlatTree): FlatTreeJSON {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    missingLeft: Array.from(t.missingLeft),
    value: Array.from(t.value),
    outputs: t.outputs,
  };
}

export function treeFromJSON(j: FlatTreeJSON): FlatTree {
  const n = j.feature.length;
  const tree: FlatTree = {
    feature: Int32Array.from(j.feature),
    threshold: Float64Array.from(j.threshold),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    missingLeft: Uint8Array.from(j.missingLeft),
    value: Float64Array.from(j.value),
    outputs: j.outputs,
  };
  const ok =
    n > 0 && tree.threshold.length === n && tree.left.length === n && tree.right.length === n &&
    tree.missingLeft.length === n && tree.value.length === n * j.outputs;
  if (!ok) throw new Error('A stored tree has arrays of mismatched lengths.');
  for (let i = 0; i < n; i++) {
    if (tree.feature[i]! < 0) continue;
    // A child must come after its parent, which also rules out cycles that would hang prediction.
    if (!(tree.left[i]! > i && tree.left[i]! < n && tree.right[i]! > i && tree.right[i]! < n)) throw new Error(`A stored tree has an invalid child at node ${i}.`);
  }
  return tree;
}
