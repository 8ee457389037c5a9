/**
 * The numeric shapes every tabular learner, transform and metric shares.
 * Row-major Float64Array: cheap to slice by rows (folds) and to hand to ml-matrix.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows × cols values, row-major; NaN marks a missing value before imputation. */
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data: Float64Array = new Float64Array(rows * cols)): Matrix {
  if (data.length !== rows * cols) throw new Error(`A ${rows}×${cols} matrix needs ${rows * cols} values, got ${data.length}.`);
  return { rows, cols, data };
}

/** The rows at `indices`, in that order (fold and bootstrap subsets). */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]! * m.cols;
    out.set(m.data.subarray(from, from + m.cols), i * m.cols);
  }
  return { rows: indices.length, cols: m.cols, data: out };
}

export function takeValues<T extends Float64Array | Int32Array>(v: T, indices: ArrayLike<number>): T {
  const out = new (v.constructor as new (n: number) => T)(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = v[indices[i]!]!;
  return out;
}

export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}
