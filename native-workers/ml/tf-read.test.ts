import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFloats, readScalar } from './tf-read';

describe('reading tensors', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives a fresh Float32Array of the values and disposes the tensor unless told not to', async () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, 4.5],
    ]);
    const kept = await readFloats(t, false);
    expect(kept).toBeInstanceOf(Float32Array);
    expect(Array.from(kept)).toEqual([1, 2, 3, 4.5]);
    expect(t.isDisposed).toBe(false);
    kept[0] = 9;
    expect(Array.from(await readFloats(t))).toEqual([1, 2, 3, 4.5]);
    expect(t.isDisposed).toBe(true);
  });

  it('reads a scalar, NaN for an empty tensor, and disposes it even then', async () => {
    const loss = tf.scalar(0.25);
    expect(await readScalar(loss)).toBe(0.25);
    expect(loss.isDisposed).toBe(true);
    const kept = tf.tensor1d([7, 8]);
    expect(await readScalar(kept, false)).toBe(7);
    expect(kept.isDisposed).toBe(false);
    kept.dispose();
    const empty = tf.tensor1d([]);
    expect(await readScalar(empty)).toBeNaN();
    expect(empty.isDisposed).toBe(true);
  });
});
