/**
 * Phase 1's default head: L2-penalised multinomial logistic regression on
 * standardised backbone features, solved by L-BFGS (the tabular solver, which
 * is scikit-learn's LogisticRegression(solver='lbfgs')). It is convex, so it
 * converges to the same optimum whatever epoch count a user types, where a
 * dense head trained by Adam stops wherever its epochs ran out. Standardising
 * first makes one penalty fit every feature and keeps L-BFGS well conditioned.
 * The fitted head folds the standardisation into its weights and becomes one
 * softmax dense layer, so it stacks on the backbone like the dense head.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { fitLogisticL2 } from '../tabular/linear/logistic-l2';
import { softmaxInPlace } from '../tabular/linear/link';
import type { Tf } from './backbone';
import { buildLinearHead, type LabelledFeatures } from './head';

/** Per-feature mean and scale (population std; 1 for a constant feature), as sklearn's StandardScaler. */
export interface Standardiser {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

export function fitStandardiser(x: Float32Array, features: number): Standardiser {
  const n = x.length / features;
  const mean = new Float64Array(features);
  const scale = new Float64Array(features);
  for (let i = 0; i < n; i++) for (let j = 0; j < features; j++) mean[j] += x[i * features + j]!;
  for (let j = 0; j < features; j++) mean[j] /= Math.max(1, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) {
      const d = x[i * features + j]! - mean[j]!;
      scale[j] += d * d;
    }
  }
  for (let j = 0; j < features; j++) {
    const sd = Math.sqrt(scale[j]! / Math.max(1, n));
    // sklearn's threshold for "constant": such a feature is centred and left unscaled.
    scale[j] = sd < 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j]!)) ? 1 : sd;
  }
  return { mean, scale };
}

export function standardise(x: Float32Array, s: Standardiser): Float64Array {
  const F = s.mean.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - s.mean[i % F]!) / s.scale[i % F]!;
  return out;
}

/** A fitted linear head, in raw feature space: logits = x · coefᵀ + intercept (K rows of F; binary gets logits [0, z]). */
export interface LinearHead {
  readonly features: number;
  readonly classes: number;
  /** K × F, row-major, standardisation folded in. */
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
  readonly C: number;
  readonly iterations: number;
}

export interface LinearIteration {
  readonly iteration: number;
  /** Mean (sample-weighted) cross-entropy on the training rows, without the penalty. */
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
}

export interface LinearHeadOptions {
  readonly C: number;
  /** Per-class weights (balanced or all 1). */
  readonly classWeights: Float32Array;
  readonly tol?: number;
  readonly maxIter?: number;
  /** Scored each iteration against `validation` (empty: NaN); may throw to cancel. */
  readonly onIteration?: (it: LinearIteration) => void;
  readonly validation?: LabelledFeatures;
}

/** Softmax probabilities (n × K) of a linear head on raw features. */
export function linearHeadProba(head: LinearHead, x: Float32Array): Float32Array {
  const { features: F, classes: K, coef, intercept } = head;
  const n = x.length / F;
  const z = new Float64Array(K);
  const out = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      let s = intercept[k]!;
      const off = k * F;
      for (let j = 0; j < F; j++) s += coef[off + j]! * x[i * F + j]!;
      z[k] = s;
    }
    softmaxInPlace(z, 0, K);
    for (let k = 0; k < K; k++) out[i * K + k] = z[k]!;
  }
  return out;
}

/** Mean cross-entropy (weighted by class) and accuracy of probabilities against labels. */
export function scoreProba(p: ArrayLike<number>, y: Int32Array, K: number, weights?: Float32Array): { loss: number; accuracy: number } {
  if (y.length === 0) return { loss: NaN, accuracy: NaN };
  let loss = 0, wsum = 0, correct = 0;
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    const w = weights ? weights[c]! : 1;
    loss -= w * Math.log(Math.max(1e-15, p[i * K + c]!));
    wsum += w;
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + best]!) best = k;
    if (best === c) correct++;
  }
  return { loss: loss / wsum, accuracy: correct / y.length };
}

/** Standardised-space parameters (sklearn's layout: `heads` rows of F, then intercepts) → a raw-space softmax head. */
function fold(theta: Float64Array, heads: number, K: number, s: Standardiser, C: number, iterations: number): LinearHead {
  const F = s.mean.length;
  const coef = new Float64Array(K * F);
  const intercept = new Float64Array(K);
  // Binary: sklearn's one sigmoid head z is the softmax of logits [0, z].
  const first = heads === 1 ? 1 : 0;
  for (let h = 0; h < heads; h++) {
    const k = h + first;
    let b = theta[heads * F + h]!;
    for (let j = 0; j < F; j++) {
      const w = theta[h * F + j]! / s.scale[j]!;
      coef[k * F + j] = w;
      b -= w * s.mean[j]!;
    }
    intercept[k] = b;
  }
  return { features: F, classes: K, coef, intercept, C, iterations };
}

/** Fits the head on `train` (standardised on its own statistics) with inverse regularisation C. */
export function fitLinearHead(train: LabelledFeatures, K: number, opts: LinearHeadOptions): LinearHead {
  const n = train.y.length;
  const F = train.x.length / Math.max(1, n);
  if (n === 0 || !Number.isInteger(F)) throw new Error('No training images to fit the head on.');
  const s = fitStandardiser(train.x, F);
  const heads = K === 2 ? 1 : K;
  const sw = Float64Array.from(train.y, (c) => opts.classWeights[c]!);
  let iterations = 0;
  const val = opts.validation ?? { x: new Float32Array(0), y: new Int32Array(0) };
  const onIteration = opts.onIteration;
  const theta = fitLogisticL2(
    { X: { rows: n, cols: F, data: standardise(train.x, s) }, y: Float64Array.from(train.y), sw, heads },
    {
      C: opts.C,
      tol: opts.tol ?? 1e-6,
      maxIter: opts.maxIter ?? 1000,
      onIteration: (iter, th) => {
        iterations = iter + 1;
        if (!onIteration) return;
        const h = fold(th, heads, K, s, opts.C, iter);
        const t = scoreProba(linearHeadProba(h, train.x), train.y, K, opts.classWeights);
        const v = scoreProba(linearHeadProba(h, val.x), val.y, K);
        onIteration({ iteration: iter, loss: t.loss, accuracy: t.accuracy, valLoss: v.loss, valAccuracy: v.accuracy });
      },
    },
  );
  return fold(Float64Array.from([...theta.coef, ...theta.intercept]), heads, K, s, opts.C, iterations);
}

/** The head as a tf.Sequential (one softmax dense layer) to stack on the backbone and fine-tune. */
export function linearHeadModel(tf: Tf, head: LinearHead): tfjs.Sequential {
  const m = buildLinearHead(tf, head.features, head.classes);
  const { features: F, classes: K } = head;
  // Dense kernels are F × K (column per class): the transpose of sklearn's coef_.
  const kernel = new Float32Array(F * K);
  for (let k = 0; k < K; k++) for (let j = 0; j < F; j++) kernel[j * K + k] = head.coef[k * F + j]!;
  const w = [tf.tensor2d(kernel, [F, K]), tf.tensor1d(Float32Array.from(head.intercept))];
  m.setWeights(w);
  for (const t of w) t.dispose();
  return m;
}
