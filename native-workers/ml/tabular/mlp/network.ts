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
      if (dropout > 0 && dropoutSeed) h = tf.dropout(h, dropout, undefined, dropoutSeed()) as Tensor2D;
    }
  }
  return h;
}
