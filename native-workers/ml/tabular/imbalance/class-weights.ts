/**
 * Class weights instead of resampling: every row keeps its place and the
 * learner weighs its loss. 'balanced' is sklearn's compute_class_weight:
 * n / (classes present × rows of the class), so each class carries equal total weight.
 */

/** Weight per class 0..K-1. A class absent from `y` gets 1 (no row carries it). */
export function balancedClassWeights(y: ArrayLike<number>, K: number): Float64Array {
  const counts = classCounts(y, K);
  const present = counts.filter((c) => c > 0).length;
  return Float64Array.from(counts, (c) => (c > 0 ? y.length / (present * c) : 1));
}

/** Per-row weights from per-class weights (for FitOptions.sampleWeight). */
export function sampleWeights(y: ArrayLike<number>, classWeight: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: y.length }, (_, i) => classWeight[y[i]!]!);
}

export function classCounts(y: ArrayLike<number>, K: number): number[] {
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= K) throw new Error(`Row ${i} has class ${c}; expected a class index 0..${K - 1}.`);
    counts[c]! += 1;
  }
  return counts;
}
