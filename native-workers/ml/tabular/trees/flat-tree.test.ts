import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { addTreeOutputs, leafOf, treeDepth, treeFromJSON, treeToJSON, type FlatTreeJSON } from './flat-tree';

/**
 * node 0: x0 ≤ 1 (missing right) → node 1, else node 2
 * node 1: x1 ≤ -2 (missing left) → leaf 3, else leaf 4
 * node 2: leaf
 * Two outputs per node, so a leaf's values are value[2·leaf], value[2·leaf + 1].
 */
const stored: FlatTreeJSON = {
  feature: [0, 1, -1, -1, -1],
  threshold: [1, -2, 0, 0, 0],
  left: [1, 3, -1, -1, -1],
  right: [2, 4, -1, -1, -1],
  missingLeft: [0, 1, 0, 0, 0],
  value: [0, 0, 0, 0, 20, 21, 30, 31, 40, 41],
  outputs: 2,
};

describe('flat trees', () => {
  const tree = treeFromJSON(stored);

  it('routes a row: x ≤ threshold left, larger right, a missing value by its node’s side', () => {
    const rows: [number, number, number][] = [
      [1, -2, 3], // both equal to their thresholds: left, left
      [1, -1.5, 4],
      [0.5, NaN, 3], // missing at node 1 goes left
      [1.0000001, -5, 2],
      [NaN, -5, 2], // missing at node 0 goes right
      [-Infinity, Infinity, 4],
    ];
    for (const [x0, x1, leaf] of rows) expect(leafOf(tree, Float64Array.from([9, x0, x1]), 1), `(${x0}, ${x1})`).toBe(leaf);
  });

  it('adds every output of each row’s leaf, scaled, at its stride and column', () => {
    const X = matrix(3, 2, Float64Array.from([0, -3, 5, 0, 0, 0]));
    const out = new Float64Array(3 * 4).fill(1);
    addTreeOutputs(tree, X, out, 4, 1, 0.5);
    expect(Array.from(out)).toEqual([1, 16, 16.5, 1, 1, 11, 11.5, 1, 1, 21, 21.5, 1]);
    addTreeOutputs(tree, X, out, 4, 1);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 46, 47.5, 1]);
  });

  it('measures depth as the longest path, a single leaf being 0', () => {
    expect(treeDepth(tree)).toBe(2);
    expect(treeDepth(treeFromJSON({ ...stored, feature: [-1], threshold: [0], left: [-1], right: [-1], missingLeft: [0], value: [1, 2] }))).toBe(0);
    // A right-leaning chain: node 2 splits again.
    const chain = treeFromJSON({
      feature: [0, -1, 1, -1, -1], threshold: [0, 0, 0, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1],
      missingLeft: [0, 0, 0, 0, 0], value: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], outputs: 2,
    });
    expect(treeDepth(chain)).toBe(2);
  });

  it('round-trips through JSON', () => {
    expect(treeToJSON(tree)).toEqual(stored);
  });

  it('refuses stored arrays of mismatched lengths', () => {
    const broken: Partial<FlatTreeJSON>[] = [
      { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [] },
      { threshold: [1, -2, 0, 0] },
      { left: [1, 3, -1, -1] },
      { right: [2, 4, -1, -1] },
      { missingLeft: [0, 1, 0, 0] },
      { value: [0, 0, 0, 0, 20, 21, 30, 31, 40] },
      { outputs: 1 },
    ];
    for (const b of broken) expect(() => treeFromJSON({ ...stored, ...b }), JSON.stringify(b)).toThrow('A stored tree has arrays of mismatched lengths.');
  });

  it('refuses a child that is not after its parent or past the end (a cycle would hang prediction)', () => {
    const bad: [Partial<FlatTreeJSON>, number][] = [
      [{ left: [0, 3, -1, -1, -1] }, 0],
      [{ right: [2, 1, -1, -1, -1] }, 1],
      [{ left: [1, 5, -1, -1, -1] }, 1],
      [{ right: [5, 4, -1, -1, -1] }, 0],
    ];
    for (const [b, node] of bad) expect(() => treeFromJSON({ ...stored, ...b })).toThrow(`A stored tree has an invalid child at node ${node}.`);
    // Leaves' children are never read.
    expect(() => treeFromJSON({ ...stored, left: [1, 3, 0, 0, 0] })).not.toThrow();
  });
});
