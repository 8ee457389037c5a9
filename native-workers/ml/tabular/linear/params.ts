/** Helpers every linear model shares: weights, checks, JSON fields, prediction. */
import { field, isNumberArray } from '../codec';
import type { Matrix } from '../matrix';
import type { FitOptions, ModelJSON } from '../model';

export function weightsOf(opts: FitOptions, n: number): Float64Array {
  if (!opts.sampleWeight) return new Float64Array(n).fill(1);
  if (opts.sampleWeight.length !== n) throw new Error(`sampleWeight has ${opts.sampleWeight.length} values for ${n} rows.`);
  return opts.sampleWeight;
}

export function checkShapes(X: Matrix, y: Float64Array): void {
  if (y.length !== X.rows) throw new Error(`${X.rows} rows but ${y.length} targets.`);
  if (X.rows === 0) throw new Error('Cannot fit on zero rows.');
}

/** Class indices must be integers in [0, K): anything else would index past the probability row. */
export function checkLabels(y: Float64Array, nClasses: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < nClasses)) throw new Error(`Row ${i} has class ${v}; expected an index in 0..${nClasses - 1}.`);
  }
}

export function checkCols(X: Matrix, cols: number): void {
  if (X.cols !== cols) throw new Error(`The model was trained on ${cols} columns, got ${X.cols}.`);
}

export function notFitted(type: string): Error {
  return new Error(`The ${type} model has not been fitted.`);
}

export function numbers(json: ModelJSON, key: string): Float64Array {
  return Float64Array.from(field(json, key, isNumberArray));
}

/** z[i, k] = coef_k · x_i + intercept_k (heads × cols coefficients, row-major). */
export function decision(X: Matrix, coef: Float64Array, intercept: Float64Array): Float64Array {
  const heads = intercept.length;
  const p = X.cols;
  const out = new Float64Array(X.rows * heads);
  for (let i = 0; i < X.rows; i++) {
    for (let k = 0; k < heads; k++) {
      let s = intercept[k]!;
      for (let j = 0; j < p; j++) s += coef[k * p + j]! * X.data[i * p + j]!;
      out[i * heads + k] = s;
    }
  }
  return out;
}

/** |coef| summed over heads, normalised to 1 (inputs arrive standardised, so magnitudes compare). */
export function coefImportance(coef: Float64Array, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < coef.length; i++) out[i % cols] += Math.abs(coef[i]!);
  const total = out.reduce((a, b) => a + b, 0);
  return total > 0 ? out.map((v) => v / total) : out.fill(1 / cols);
}
