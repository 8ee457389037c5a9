/**
 * The MLP's weights as plain Float32Arrays (what JSON stores and what a fit starts
 * from) and its forward pass in tfjs. Kept apart from the training loop so
 * prediction needs nothing but these arrays.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { Rng } from '../rng';

export type Tf = typeof TfModule;

export interface DenseWeights {
  readonly inputs: number;
  readonly outputs: number;
  /** inputs × outputs, row-major (tfjs's matMul layout). */
  readonly W: Float32Array;
  readonly b: Float32Array;
}

/**
 * Glorot-uniform kernels, zero biases (Keras's Dense defaults), drawn from our seeded
 * Rng rather than tfjs initialisers so the start is identical on every backend.
 */
export function initDense(sizes: readonly number[], r: Rng): DenseWeights[] {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (inputs + outputs));
    const W = new Float32Array(inputs * outputs);
    for (let i = 0; i < W.length; i++) W[i] = (2 * r.next() - 1) * limit;
    layers.push({ inputs, outputs, W, b: new Float32Array(outputs) });
  }
  return layers;
}

export interface DenseTensors {
  readonly W: Tensor2D;
  readonly b: Tensor1D;
}

/**
 * Logits: relu between layers, nothing after the last. Call inside tf.tidy (or an
 * optimizer's minimize, which tidies). `dropoutSeed` present = training mode.
 */
export function forward(
  tf: Tf, x: Tensor2D, layers: readonly DenseTensors[], dropout: number, dropoutSeed?: () => number,
): Tensor2D {
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    const { W, b } = layers[l]!;
    h = tf.add(tf.matMul(h, W), b);
    if (l + 1 < layers.length) {
      h = tf.relu(h);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: tf.dropout at rate 0 is the identity; the test skips the op.
      if (dropout > 0 && dropoutSeed) h = tf.dropout(h, dropout, undefined, dropoutSeed()) as Tensor2D;
    }
  }
  return h;
}

/**
 * Logits for `rows` rows of x (row-major), computed from the arrays in plain JS, float32 as tfjs stores
 * them. Prediction takes this path where the tfjs backend cannot read results synchronously (webgpu:
 * Model.predict is synchronous, and a small dense net costs less here than a GPU round trip).
 */
export function forwardArrays(x: Float32Array, rows: number, layers: readonly DenseWeights[]): Float32Array {
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    const { inputs, outputs, W, b } = layers[l]!;
    const out = new Float32Array(rows * outputs);
    for (let r = 0; r < rows; r++) {
      const o = r * outputs;
      for (let j = 0; j < outputs; j++) out[o + j] = b[j]!;
      for (let i = 0; i < inputs; i++) {
        const v = h[r * inputs + i]!;
        if (v === 0) continue;
        const w = i * outputs;
        for (let j = 0; j < outputs; j++) out[o + j]! += v * W[w + j]!;
      }
      if (l + 1 < layers.length) for (let j = 0; j < outputs; j++) if (out[o + j]! < 0) out[o + j] = 0;
    }
    h = out;
  }
  return h;
}

/** Softmax over each row of k logits, in place (max subtracted first, as tf.softmax does). */
export function softmaxRows(logits: Float32Array, k: number): Float32Array {
  for (let o = 0; o < logits.length; o += k) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[o + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += logits[o + j] = Math.exp(logits[o + j]! - max);
    for (let j = 0; j < k; j++) logits[o + j]! /= sum;
  }
  return logits;
}
