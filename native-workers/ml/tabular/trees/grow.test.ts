import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { rng } from '../rng';
import { binMatrix } from './binning';
import { GradientCriterion, SquaredErrorCriterion } from './criteria';
import { binThreshold, TreeWorkspace } from './grow';
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
    expect(t.threshold[0]).toBe(3.5);
    expect(grown.splitBin[0]).toBe(3);
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
