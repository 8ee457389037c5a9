/** ‖y_i‖ per row of a row-major factor matrix, computed once per matrix (reasons and serving's error bound both need them). */
const normsCache = new WeakMap<Float64Array, Float64Array>();

export function normsOf(y: Float64Array, f: number): Float64Array {
  let norms = normsCache.get(y);
  if (!norms) {
    norms = new Float64Array(y.length / f);
    for (let i = 0; i < norms.length; i++) {
      let s = 0;
      for (let k = 0; k < f; k++) s += y[i * f + k]! * y[i * f + k]!;
      norms[i] = Math.sqrt(s);
    }
    normsCache.set(y, norms);
  }
  return norms;
}
