import type * as tfjs from '@tensorflow/tfjs';

/**
 * A tensor's values as a fresh Float32Array, read asynchronously, the tensor disposed.
 *
 * Every TensorFlow.js path reads this way, never with dataSync/arraySync: the webgpu backend cannot read
 * a GPU buffer synchronously in Node (its readSync draws through an OffscreenCanvas, which Node lacks), so
 * a sync read works on wasm and cpu and throws on the GPU. Lint forbids dataSync in the worker code.
 */
export async function readFloats(t: tfjs.Tensor, dispose = true): Promise<Float32Array> {
  try {
    return Float32Array.from(await t.data());
  } finally {
    if (dispose) t.dispose();
  }
}

/** The first value of a tensor (a loss, a count), read as readFloats reads. */
export async function readScalar(t: tfjs.Tensor, dispose = true): Promise<number> {
  return (await readFloats(t, dispose))[0] ?? NaN;
}
