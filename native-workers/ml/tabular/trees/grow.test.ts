import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { rng } from '../rng';
import { binMatrix, type BinnedMatrix } from './binning';
import { GradientCriterion, SquaredErrorCriterion } from './criteria';
import { binThreshold, TreeWorkspace, type GrownTree } from './grow';
import { SequentialHistogramBuilder } from './histogram';

/** One feature: x = 0..7 (one bin each) and two missing rows; squared-error channels (y·w, w, count). */
function setup(): { ws: TreeWorkspace; y: number[] } {
  const xs = [0, 1, 2, 3, 4, 5, 6, 7, NaN, NaN];
  const y = [1, 1, 1, 1, 9, 9, 9, 9, 9, 9];
  const X = matrix(xs.length, 1, Float64Array.from(xs));
  const values = new Float64Array(3 * xs.length);
  y.forEach((v, i) => values.set([v, 1, 1], 3 * i));
  const ws = new TreeWorkspace(binMatrix(X), values, 3, new SequentialHistogramBuilder());
  for (let i = 0; i < xs.length; i++) ws.rows[i] = i;
  return { ws, y };
}

describe('growing one tree', () => {
  it('splits where the target changes, sends missing values to the side they match, and fills the row ranges', () => {
    const { ws } = setup();
    const gain = new Float64Array(1);
    const grown = ws.grow(10, { criterion: new SquaredErrorCriterion(1, 2), maxDepth: 1, minGain: 0, features: Int32Array.of(0) }, gain);
    const t = grown.tree;
    expect(Array.from(t.feature)).toEqual([0, -1, -1]);
    // Leaves point nowhere and have no split bin.
    expect([Array.from(t.left), Array.from(t.right), Array.from(grown.splitBin)]).toEqual([[1, -1, -1], [2, -1, -1], [3, -1, -1]]);
    expect(t.threshold[0]).toBe(3.5);
    expect(t.missingLeft[0]).toBe(0);
    expect(Array.from(t.value)).toEqual([5.8, 1, 9]);
    expect([grown.nodeStart[1], grown.nodeEnd[1], grown.nodeStart[2], grown.nodeEnd[2]]).toEqual([0, 4, 4, 10]);
    expect(Array.from(ws.rows.subarray(0, 4)).sort()).toEqual([0, 1, 2, 3]);
    // Σy² / n per child minus the parent's: 4·1 + 6·81 − 58² / 10.
    expect(gain[0]).toBeCloseTo(4 + 6 * 81 - 58 ** 2 / 10, 10);
  });

  it('adds each split’s gain to what the feature already had, and stops at the gain floor', () => {
    const { ws } = setup();
    const gain = Float64Array.of(100);
    ws.grow(10, { criterion: new SquaredErrorCriterion(1, 2), maxDepth: 3, minGain: 0, features: Int32Array.of(0) }, gain);
    expect(gain[0]).toBeCloseTo(100 + 4 + 6 * 81 - 58 ** 2 / 10, 10);
    const none = setup().ws.grow(10, { criterion: new SquaredErrorCriterion(1, 2), maxDepth: 3, minGain: 1000, features: Int32Array.of(0) }, new Float64Array(1));
    expect(Array.from(none.tree.feature)).toEqual([-1]);
  });

  it('grows only on the rows it is given', () => {
    const { ws } = setup();
    // Rows 4..9 all have y = 9: nothing to split.
    ws.rows.set([4, 5, 6, 7, 8, 9]);
    const grown = ws.grow(6, { criterion: new SquaredErrorCriterion(1, 2), maxDepth: 3, minGain: 0, features: Int32Array.of(0) }, new Float64Array(1));
    expect(Array.from(grown.tree.value)).toEqual([9]);
  });

  it('refuses a criterion whose channels differ from the workspace’s, and packed layouts that cannot hold the work', () => {
    const { ws } = setup();
    expect(() => ws.grow(10, { criterion: new GradientCriterion(1, 1, 0.1), maxDepth: 2, minGain: 0, features: Int32Array.of(0) }, new Float64Array(1)))
      .toThrow('The criterion and the workspace disagree on channels.');
    const binned = binMatrix(matrix(4, 1, Float64Array.of(1, 2, 3, 4)));
    expect(() => new TreeWorkspace(binned, new Float64Array(12), 3, new SequentialHistogramBuilder(), true)).toThrow('The packed layout holds gradient pairs (two channels).');
    const packed = new TreeWorkspace(binned, new Float64Array(8).fill(1), 2, new SequentialHistogramBuilder(), true);
    packed.rows.set([0, 1, 2, 3]);
    expect(() => packed.grow(4, { criterion: new GradientCriterion(1, 0, 0.1), maxDepth: 2, minGain: 0, features: Int32Array.of(0), featuresPerNode: 1, rng: rng(1) }, new Float64Array(1)))
      .toThrow('The packed layout needs the same features at every node.');
  });

  it('gives the missing-versus-rest split a threshold above every number', () => {
    const binned = binMatrix(matrix(4, 1, Float64Array.of(1, 2, NaN, NaN)));
    expect(binThreshold(binned, 0, 0)).toBe(1.5);
    expect(binThreshold(binned, 0, binned.valueBins[0]! - 1)).toBe(Number.MAX_VALUE);
  });
});

/** Random gradient pairs over `cols` few-valued features (some missing), for boosting's grower. */
function boostingData(n: number, cols: number, seed: number): { binned: BinnedMatrix; values: Float64Array } {
  const r = rng(seed);
  const X = matrix(n, cols);
  for (let i = 0; i < X.data.length; i++) X.data[i] = r.next() < 0.1 ? NaN : r.int(3 + (i % 5));
  const values = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) values.set([Math.sin((X.data[i * cols]! || 0) * 2 + (X.data[i * cols + 1]! || 0)) + r.normal() * 0.2, 0.5 + r.next()], 2 * i);
  return { binned: binMatrix(X), values };
}

/** Checks a grown tree against its rows: each node holds exactly the rows its splits route there, with their sums as leaf values. */
function expectNodesHoldTheirRows(grown: GrownTree, ws: TreeWorkspace, rows: readonly number[], eta: number, lambda: number): void {
  const { tree, splitBin, nodeStart, nodeEnd } = grown;
  const { binned, rowValues } = ws;
  const routed: number[][] = Array.from({ length: tree.feature.length }, () => []);
  for (const row of rows) {
    let node = 0;
    routed[0]!.push(row);
    while (tree.feature[node]! >= 0) {
      const f = tree.feature[node]!;
      const code = binned.codes[f * binned.rows + row]!;
      const left = code === binned.valueBins[f] ? tree.missingLeft[node] === 1 : code <= splitBin[node]!;
      node = left ? tree.left[node]! : tree.right[node]!;
      routed[node]!.push(row);
    }
  }
  routed.forEach((want, node) => {
    if (tree.feature[node]! >= 0) return;
    const held = Array.from(ws.rows.subarray(nodeStart[node]!, nodeEnd[node]!)).sort((a, b) => a - b);
    expect(held, `rows of leaf ${node}`).toEqual(want);
    let g = 0;
    let h = 0;
    for (const row of want) {
      g += rowValues[2 * row]!;
      h += rowValues[2 * row + 1]!;
    }
    expect(tree.value[node]!, `value of leaf ${node}`).toBeCloseTo((-eta * g) / (h + lambda), 9);
  });
}

describe('the grower’s layouts', () => {
  const crit = new GradientCriterion(1, 0.5, 0.3);

  function grow(packed: boolean, rows: readonly number[], maxDepth: number, minGain = 0): { grown: GrownTree; ws: TreeWorkspace } {
    const { binned, values } = boostingData(300, 3, 7);
    const ws = new TreeWorkspace(binned, values, 2, new SequentialHistogramBuilder(), packed);
    ws.rows.set(rows);
    const grown = ws.grow(rows.length, { criterion: crit, maxDepth, minGain, features: Int32Array.of(0, 1, 2) }, new Float64Array(3));
    return { grown, ws };
  }

  it('grows the same tree in node order (packed records) as by row indices, on all rows and on a subsample, rows kept per node', () => {
    const all = Array.from({ length: 300 }, (_, i) => i);
    const r = rng(3);
    // Row 0 in, the last row out: not the template's prefix.
    const sample = all.filter((i) => i === 0 || (i < 299 && r.next() < 0.6));
    for (const rows of [all, sample]) {
      for (const maxDepth of [1, 3, 5]) {
        const packed = grow(true, rows, maxDepth);
        const plain = grow(false, rows, maxDepth);
        // The same splits; the leaf sums, added in another row order, may differ in the last bit.
        const { value: got, ...shape } = packed.grown.tree;
        const { value: want, ...wantShape } = plain.grown.tree;
        expect(shape, `${rows.length} rows, depth ${maxDepth}`).toEqual(wantShape);
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
        expect(packed.grown.tree.feature.length).toBeGreaterThan(maxDepth * 2);
        expectNodesHoldTheirRows(packed.grown, packed.ws, rows, 0.3, 1);
        expectNodesHoldTheirRows(plain.grown, plain.ws, rows, 0.3, 1);
      }
    }
  });

  it('leaves the rows as given when the root does not split, in either layout', () => {
    const r = rng(4);
    const sample = Array.from({ length: 300 }, (_, i) => i).filter(() => r.next() < 0.5);
    for (const rows of [sample, Array.from({ length: 300 }, (_, i) => i)]) {
      for (const packed of [true, false]) {
        const { grown, ws } = grow(packed, rows, 4, 1e9);
        expect(Array.from(grown.tree.feature)).toEqual([-1]);
        expect(Array.from(ws.rows.subarray(0, rows.length))).toEqual(rows);
      }
    }
  });
});

describe('node limits', () => {
  /** x = 0..n-1, one bin each; y as given; squared error with the given minimum rows. */
  function fit(y: number[], minLeaf: number, minSplit: number, maxDepth: number): GrownTree {
    const X = matrix(y.length, 1, Float64Array.from(y, (_, i) => i));
    const values = new Float64Array(3 * y.length);
    y.forEach((v, i) => values.set([v, 1, 1], 3 * i));
    const ws = new TreeWorkspace(binMatrix(X), values, 3, new SequentialHistogramBuilder());
    for (let i = 0; i < y.length; i++) ws.rows[i] = i;
    return ws.grow(y.length, { criterion: new SquaredErrorCriterion(minLeaf, minSplit), maxDepth, minGain: 0, features: Int32Array.of(0) }, new Float64Array(1));
  }

  it('splits a node only with minSamplesSplit rows, counted from its own range', () => {
    // The root parts x ≤ 5 from the two rows above; the right child (rows 6..8) has 2 < 3 rows: a leaf.
    const y = [0, 0, 0, 0, 0, 10, 20, 40];
    const grown = fit(y, 1, 3, 5);
    expect(grown.tree.feature[0]).toBe(0);
    const right = grown.tree.right[0]!;
    expect([grown.nodeStart[right], grown.nodeEnd[right]]).toEqual([6, 8]);
    expect(grown.tree.feature[right]).toBe(-1);
    expect(fit(y, 1, 2, 5).tree.feature[right]).toBe(0);
    // Fewer rows than minSamplesSplit at the root: one leaf.
    expect(Array.from(fit(y, 1, 9, 5).tree.feature)).toEqual([-1]);
    // Depth 0 grows nothing.
    expect(Array.from(fit(y, 1, 2, 0).tree.feature)).toEqual([-1]);
  });

  it('gives a CART split of missing values from the rest a threshold above every number', () => {
    const X = matrix(6, 1, Float64Array.of(0, 1, 0, 1, NaN, NaN));
    const values = new Float64Array(18);
    [1, 1, 1, 1, 9, 9].forEach((v, i) => values.set([v, 1, 1], 3 * i));
    const ws = new TreeWorkspace(binMatrix(X), values, 3, new SequentialHistogramBuilder());
    ws.rows.set([0, 1, 2, 3, 4, 5]);
    const grown = ws.grow(6, { criterion: new SquaredErrorCriterion(1, 2), maxDepth: 1, minGain: 0, features: Int32Array.of(0), nodeThresholds: true }, new Float64Array(1));
    expect(grown.tree.threshold[0]).toBe(Number.MAX_VALUE);
    expect(grown.tree.missingLeft[0]).toBe(0);
  });
});

describe('features drawn per node', () => {
  it('grows, from copies of one column, the tree of that column: every draw sees the same splits, to the depth limit', () => {
    const r = rng(8);
    const n = 200;
    const x = Float64Array.from({ length: n }, () => r.int(12));
    const y = Array.from(x, (v) => Math.sin(v) * 5 + r.normal() * 0.1);
    const values = new Float64Array(3 * n);
    y.forEach((v, i) => values.set([v, 1, 1], 3 * i));
    const grow = (cols: number, opts: { featuresPerNode?: number; maxDepth: number }): GrownTree => {
      const X = matrix(n, cols, Float64Array.from({ length: n * cols }, (_, i) => x[Math.floor(i / cols)]!));
      const ws = new TreeWorkspace(binMatrix(X), values, 3, new SequentialHistogramBuilder());
      for (let i = 0; i < n; i++) ws.rows[i] = i;
      const features = Int32Array.from({ length: cols }, (_, f) => f);
      return ws.grow(n, { criterion: new SquaredErrorCriterion(1, 2), minGain: 0, features, rng: rng(1), ...opts }, new Float64Array(cols));
    };
    for (const maxDepth of [2, 4]) {
      const one = grow(1, { maxDepth });
      const drawn = grow(4, { maxDepth, featuresPerNode: 2 });
      // Which copy a node splits on depends on the draw; nothing else may.
      expect({ ...drawn.tree, feature: drawn.tree.feature.map((f) => Math.min(f, 0)) }, `depth ${maxDepth}`)
        .toEqual({ ...one.tree, feature: one.tree.feature.map((f) => Math.min(f, 0)) });
      expect(Array.from(drawn.nodeStart)).toEqual(Array.from(one.nodeStart));
      expect(one.tree.feature.length).toBeGreaterThan(2 ** maxDepth);
    }
  });

  it('draws each feature as often as the others: k of n without replacement', () => {
    // Only feature 3 can split (the others are constant): the root splits when the draw of 3 of 4 holds it, 3 times in 4.
    const n = 40;
    const X = matrix(n, 4, Float64Array.from({ length: n * 4 }, (_, i) => (i % 4 === 3 ? Math.floor(i / 4) % 2 : 1)));
    const values = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) values.set([i % 2, 1, 1], 3 * i);
    const ws = new TreeWorkspace(binMatrix(X), values, 3, new SequentialHistogramBuilder());
    const r = rng(5);
    let split = 0;
    const trees = 600;
    for (let t = 0; t < trees; t++) {
      for (let i = 0; i < n; i++) ws.rows[i] = i;
      const grown = ws.grow(n, { criterion: new SquaredErrorCriterion(1, 2), maxDepth: 1, minGain: 0, features: Int32Array.of(0, 1, 2, 3), featuresPerNode: 3, rng: r }, new Float64Array(4));
      if (grown.tree.feature[0] === 3) split++;
    }
    // Binomial(600, 3/4): sd 10.6.
    expect(Math.abs(split - (trees * 3) / 4)).toBeLessThan(45);
  });
});
