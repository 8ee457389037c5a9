import { describe, expect, it } from 'vitest';
import { ClassCriterion, GradientCriterion, SquaredErrorCriterion } from './criteria';

/** Sums at an offset, so a criterion that ignores `o` reads the padding (NaN) instead. */
const at = (...v: number[]): Float64Array => Float64Array.of(NaN, NaN, ...v);

describe('split criteria', () => {
  it('boosting: score G²/(H+λ), leaf −η·G/(H+λ), children need the minimum hessian, nodes twice it and two rows', () => {
    const c = new GradientCriterion(2, 1.5, 0.3);
    expect([c.channels, c.outputs, c.lambda, c.minChildWeight]).toEqual([2, 1, 2, 1.5]);
    expect(c.score(at(-3, 4), 2)).toBeCloseTo(9 / 6, 12);
    expect(c.weight(at(-3, 4), 2)).toBe(4);
    const leaf = Float64Array.of(7, 7, 7);
    c.leaf(at(-3, 4), 2, leaf, 1);
    expect(Array.from(leaf)).toEqual([7, (0.3 * 3) / 6, 7]);
    expect([c.admissible(at(0, 1.5), 2), c.admissible(at(0, 1.4999), 2)]).toEqual([true, false]);
    expect([c.splittable(at(0, 3), 2, 2), c.splittable(at(0, 2.999), 2, 2), c.splittable(at(0, 30), 2, 1)]).toEqual([true, false, false]);
  });

  it('squared error: score (Σyw)²/Σw, the weighted mean as leaf, 0 for a node without weight', () => {
    const c = new SquaredErrorCriterion(2, 5);
    expect([c.channels, c.outputs]).toEqual([3, 1]);
    expect(c.score(at(6, 4, 4), 2)).toBe(9);
    expect(c.score(at(6, 0, 4), 2)).toBe(0);
    expect(c.weight(at(6, 4, 3), 2)).toBe(4);
    const leaf = new Float64Array(2);
    c.leaf(at(6, 4, 4), 2, leaf, 1);
    expect(leaf[1]).toBe(1.5);
    c.leaf(at(6, 0, 4), 2, leaf, 0);
    expect(leaf[0]).toBe(0);
    // A child needs minSamplesLeaf rows and some weight.
    expect([c.admissible(at(1, 1, 2), 2), c.admissible(at(1, 1, 1), 2), c.admissible(at(1, 0, 2), 2)]).toEqual([true, false, false]);
    // A node needs minSamplesSplit rows and room for two children.
    expect([c.splittable(at(), 0, 5), c.splittable(at(), 0, 4)]).toEqual([true, false]);
    expect(new SquaredErrorCriterion(3, 2).splittable(at(), 0, 5)).toBe(false);
    expect(new SquaredErrorCriterion(3, 2).splittable(at(), 0, 6)).toBe(true);
  });

  it('gini: score Σc²/W (W minus W·gini), leaf the class shares, uniform without weight', () => {
    const c = new ClassCriterion(3, 'gini', 1, 2);
    expect([c.channels, c.outputs]).toEqual([4, 3]);
    expect(c.score(at(1, 2, 3, 6), 2)).toBeCloseTo(14 / 6, 12);
    expect(c.score(at(0, 0, 0, 0), 2)).toBe(0);
    expect(c.weight(at(1, 2, 3, 6), 2)).toBe(6);
    // Only the node's own K slots are written.
    const leaf = new Float64Array(6).fill(-1);
    c.leaf(at(1, 2, 3, 6), 2, leaf, 1);
    expect(Array.from(leaf)).toEqual([-1, 1 / 6, 2 / 6, 3 / 6, -1, -1]);
    c.leaf(at(0, 0, 0, 0), 2, leaf, 0);
    expect(Array.from(leaf.subarray(0, 3))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('entropy: score Σc·log₂c − W·log₂W (minus W·entropy), empty classes adding nothing', () => {
    const c = new ClassCriterion(3, 'entropy', 1, 2);
    expect(c.score(at(1, 3, 0, 4), 2)).toBeCloseTo(3 * Math.log2(3) - 4 * 2, 12);
    expect(c.score(at(2, 2, 4, 8), 2)).toBeCloseTo(2 + 2 + 8 - 8 * 3, 12);
    expect(c.score(at(0, 0, 0, 0), 2)).toBe(0);
  });

  it('classification: a child needs minSamplesLeaf rows and weight; a node enough rows and two classes present', () => {
    const c = new ClassCriterion(2, 'gini', 2, 5);
    expect([c.admissible(at(1, 0, 2), 2), c.admissible(at(1, 0, 1), 2), c.admissible(at(0, 0, 2), 2)]).toEqual([true, false, false]);
    expect(c.splittable(at(3, 2, 5), 2, 5)).toBe(true);
    expect(c.splittable(at(3, 2, 4), 2, 4)).toBe(false);
    expect(c.splittable(at(5, 0, 5), 2, 5)).toBe(false);
    expect(c.splittable(at(0, 5, 5), 2, 5)).toBe(false);
    expect(new ClassCriterion(2, 'gini', 3, 2).splittable(at(3, 2, 5), 2, 5)).toBe(false);
    expect(new ClassCriterion(2, 'gini', 3, 2).splittable(at(3, 3, 6), 2, 6)).toBe(true);
  });
});
