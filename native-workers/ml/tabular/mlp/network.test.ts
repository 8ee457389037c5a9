import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { rng } from '../rng';
import { forward, forwardArrays, initDense, softmaxRows } from './network';

describe('forwardArrays (prediction where tfjs cannot read synchronously: webgpu)', () => {
  it("gives tfjs' logits and softmax from the same weights", async () => {
    const r = rng(3);
    const layers = initDense([7, 12, 5, 4], r).map((l) => ({ ...l, b: Float32Array.from(l.b, () => r.next() - 0.5) }));
    const rows = 50;
    const x = Float32Array.from({ length: rows * 7 }, (_, i) => (i % 9 === 0 ? 0 : r.next() * 4 - 2));
    const [logits, proba] = tf.tidy(() => {
      const z = forward(tf, tf.tensor2d(x, [rows, 7]), layers.map((l) => ({ W: tf.tensor2d(l.W, [l.inputs, l.outputs]), b: tf.tensor1d(l.b) })), 0);
      return [z, tf.softmax(z)];
    });
    const expected = await logits.data();
    const expectedProba = await proba.data();
    tf.dispose([logits, proba]);
    const got = forwardArrays(x, rows, layers);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 5);
    const p = softmaxRows(got, 4);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(expectedProba[i]!, 6);
  });
});
