/** Turning probabilities into class decisions, and counting them. */

/**
 * Predicted class per row. Binary (K = 2): class 1 when its probability is
 * >= `threshold`. Otherwise the most probable class, the first on ties (numpy's argmax).
 */
export function predictClasses(proba: ArrayLike<number>, K: number, threshold = 0.5): Int32Array {
  if (!Number.isInteger(K) || K < 2) throw new Error(`Classification needs at least 2 classes, got ${K}.`);
  if (proba.length % K !== 0) throw new Error(`${proba.length} probabilities do not make rows of ${K} classes.`);
  const n = proba.length / K;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (K === 2) {
      out[i] = proba[i * 2 + 1]! >= threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** K×K counts; rows are the true class, columns the predicted class. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, K: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error(`Got ${yTrue.length} true labels but ${yPred.length} predictions.`);
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = checkClass(yTrue[i]!, K, i);
    const p = checkClass(yPred[i]!, K, i);
    m[t]![p]! += 1;
  }
  return m;
}

export function checkClass(c: number, K: number, row: number): number {
  if (!Number.isInteger(c) || c < 0 || c >= K) throw new Error(`Row ${row} has class ${c}; expected a class index 0..${K - 1}.`);
  return c;
}
