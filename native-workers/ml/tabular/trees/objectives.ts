/**
 * Boosting objectives on raw scores (K per row: 1 for binary and regression, one per class
 * for multiclass): starting scores, gradient/hessian pairs and the loss watched by early stopping.
 */
import type { Task } from '../model';

const EPS = 1e-15;

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Row-wise softmax of raw (rows × K) into out. */
export function softmaxRows(raw: Float64Array, K: number, out: Float64Array): void {
  // Stryker disable next-line EqualityOperator: `<=` starts a row past the end, whose writes do nothing.
  for (let o = 0; o < raw.length; o += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[o + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[o + k] = Math.exp(raw[o + k]! - max);
    // Stryker disable next-line EqualityOperator: `<=` divides the next row's first slot, which that row then overwrites (or a place past the end).
    for (let k = 0; k < K; k++) out[o + k] /= sum;
  }
}

/** Best constant raw score(s): log-odds, log class priors, or the weighted mean. */
export function baseScore(task: Task, K: number, y: Float64Array, w: Float64Array | undefined): Float64Array {
  let total = 0;
  const byClass = new Float64Array(Math.max(K, 2));
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    total += wi;
    if (task === 'regression') sum += wi * y[i]!;
    else byClass[y[i]!] += wi;
  }
  if (task === 'regression') return Float64Array.of(total > 0 ? sum / total : 0);
  if (task === 'binary') {
    const p = Math.min(1 - EPS, Math.max(EPS, byClass[1]! / total));
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  return Float64Array.from(byClass, (c) => Math.log(Math.max(EPS, c / total)));
}

/**
 * Fills gh (interleaved gradient, hessian) for the tree of class k.
 * `prob` holds softmax probabilities for multiclass (rows × K) and is unused otherwise.
 */
export function gradients(
  task: Task, K: number, k: number, raw: Float64Array, prob: Float64Array, y: Float64Array, w: Float64Array | undefined, gh: Float64Array,
): void {
  const n = y.length;
  if (task === 'binary') {
    // Stryker disable next-line EqualityOperator: `<=` reads past the rows and writes past the output's end (typed arrays of exactly that length), which does nothing.
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      const wi = w ? w[i]! : 1;
      gh[2 * i] = (p - y[i]!) * wi;
      gh[2 * i + 1] = Math.max(p * (1 - p), EPS) * wi;
    }
  } else if (task === 'multiclass') {
    // Stryker disable next-line EqualityOperator: `<=` reads past the rows and writes past the output's end (typed arrays of exactly that length), which does nothing.
    for (let i = 0; i < n; i++) {
      const p = prob[i * K + k]!;
      const wi = w ? w[i]! : 1;
      gh[2 * i] = (p - (y[i] === k ? 1 : 0)) * wi;
      gh[2 * i + 1] = Math.max(p * (1 - p), EPS) * wi;
    }
  } else {
    // Stryker disable next-line EqualityOperator: `<=` reads past the rows and writes past the output's end (typed arrays of exactly that length), which does nothing.
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      gh[2 * i] = (raw[i]! - y[i]!) * wi;
      gh[2 * i + 1] = wi;
    }
  }
}

/**
 * Multiclass: the softmax of each row and every class's gradient pairs in one pass over the
 * scores (rather than one strided pass over the probabilities per class). Class k's pairs land
 * at out[k * 2n ..], laid out as gradients() writes them; the arithmetic is softmaxRows' and
 * gradients', so the values are the same.
 */
export function multiclassGradients(K: number, raw: Float64Array, y: Float64Array, w: Float64Array | undefined, p: Float64Array, out: Float64Array): void {
  const n = y.length;
  for (let i = 0, o = 0; i < n; i++, o += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[o + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += p[k] = Math.exp(raw[o + k]! - max);
    const wi = w ? w[i]! : 1;
    const yi = y[i]!;
    // Stryker disable next-line EqualityOperator: `<=` writes past `p` (K long) and past the output's end (2nK long), which does nothing.
    for (let k = 0, a = 2 * i; k < K; k++, a += 2 * n) {
      const pk = (p[k] = p[k]! / sum);
      out[a] = (pk - (yi === k ? 1 : 0)) * wi;
      out[a + 1] = Math.max(pk * (1 - pk), EPS) * wi;
    }
  }
}

/** Mean loss (log loss, multiclass log loss or squared error) of raw scores against y. */
export function meanLoss(task: Task, K: number, raw: Float64Array, y: Float64Array): number {
  const n = y.length;
  let loss = 0;
  if (task === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - EPS, Math.max(EPS, sigmoid(raw[i]!)));
      loss -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
  } else if (task === 'multiclass') {
    for (let i = 0; i < n; i++) {
      const o = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[o + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(raw[o + k]! - max);
      loss -= raw[o + y[i]!]! - max - Math.log(sum);
    }
  } else {
    for (let i = 0; i < n; i++) loss += (raw[i]! - y[i]!) ** 2;
  }
  return n > 0 ? loss / n : 0;
}

/** Raw scores → what Model.predict returns: class probabilities (rows × K) or values. */
export function toPredictions(task: Task, K: number, raw: Float64Array): Float64Array {
  if (task === 'regression') return raw;
  if (task === 'binary') {
    const out = new Float64Array(raw.length * 2);
    // Stryker disable next-line EqualityOperator: `<=` reads past the rows and writes past the output's end (typed arrays of exactly that length), which does nothing.
    for (let i = 0; i < raw.length; i++) {
      const p = sigmoid(raw[i]!);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const out = new Float64Array(raw.length);
  softmaxRows(raw, K, out);
  return out;
}
