import { describe, expect, it } from 'vitest';
import { column, matrix, takeRows, takeValues } from './matrix';

describe('matrix', () => {
  const m = matrix(3, 2, Float64Array.from([1, 2, 3, 4, 5, 6]));

  it('holds rows × cols values, row-major, zeros when none are given, and refuses the wrong count', () => {
    expect(matrix(2, 3)).toEqual({ rows: 2, cols: 3, data: new Float64Array(6) });
    expect(() => matrix(2, 2, new Float64Array(3))).toThrow('A 2×2 matrix needs 4 values, got 3.');
    expect(() => matrix(1, 2, new Float64Array(3))).toThrow('A 1×2 matrix needs 2 values, got 3.');
  });

  it('takes rows in the order asked, repeats included (folds, bootstrap)', () => {
    expect(takeRows(m, [2, 0, 2])).toEqual({ rows: 3, cols: 2, data: Float64Array.from([5, 6, 1, 2, 5, 6]) });
    expect(takeRows(m, [])).toEqual({ rows: 0, cols: 2, data: new Float64Array(0) });
  });

  it('takes values keeping the array type, and reads a column', () => {
    const labels = takeValues(Int32Array.from([7, 8, 9]), [1, 1, 0]);
    expect(labels).toBeInstanceOf(Int32Array);
    expect(Array.from(labels)).toEqual([8, 8, 7]);
    expect(Array.from(takeValues(Float64Array.from([0.5, 1.5]), [1]))).toEqual([1.5]);
    expect(Array.from(column(m, 1))).toEqual([2, 4, 6]);
    expect(Array.from(column(m, 0))).toEqual([1, 3, 5]);
  });
});
