import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../tabular/rng';
import { augmentBatch, defaultAugment, noAugment, type AugmentSpec } from './augment';
import { useWasmBackend } from '../../runtime/wasm-testing';

function images(seed: number, n = 4, h = 12, w = 10): tf.Tensor4D {
  const r = rng(seed);
  const data = new Float32Array(n * h * w * 3);
  for (let i = 0; i < data.length; i++) data[i] = r.next();
  return tf.tensor4d(data, [n, h, w, 3]);
}

function run(spec: AugmentSpec, seed: number, x: tf.Tensor4D): Float32Array {
  const r = rng(seed);
  const out = augmentBatch(tf, x, spec, () => r.next());
  expect(out.shape).toEqual(x.shape);
  const data = out.dataSync() as Float32Array;
  out.dispose();
  return data;
}

describe('augmentBatch (wasm backend)', () => {
  beforeAll(useWasmBackend);

  it('is deterministic for a seed, differs between seeds, keeps shapes and [0,1], and frees its tensors', () => {
    const x = images(1);
    const before = tf.memory().numTensors;
    const strong: AugmentSpec = { flip: true, rotationDeg: 30, cropFraction: 0.3, colorJitter: 0.5 };
    for (const spec of [defaultAugment, strong]) {
      const a = run(spec, 7, x);
      const b = run(spec, 7, x);
      const c = run(spec, 8, x);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      expect(Array.from(a).some((v) => v !== 0 && v !== 1)).toBe(true);
      for (const v of a) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // Really changed the pixels.
      expect(Array.from(a)).not.toEqual(Array.from(x.dataSync()));
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('with nothing asked leaves pixels as they are; a drawn flip is an exact mirror', () => {
    const x = images(2);
    expect(Array.from(run(noAugment, 1, x))).toEqual(Array.from(x.dataSync()));
    // rng() = 0 draws a flip (0 < 1/2); with no crop or rotation asked, the rest of the transform is the identity.
    const out = augmentBatch(tf, x, { ...noAugment, flip: true }, () => 0);
    const mirror = tf.image.flipLeftRight(x);
    const diff = tf.max(tf.abs(tf.sub(out, mirror))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-6);
    tf.dispose([x, out, mirror]);
  });

  it('rotates about the centre: a 90° turn maps a square image onto its transpose-mirror', () => {
    const x = images(3, 1, 9, 9);
    // rng sequence per image: flip? (0.9: no), crop side (0: full), ox, oy, angle (1 → +rotationDeg).
    const seq = [0.9, 0, 0, 0, 1];
    let k = 0;
    const out = augmentBatch(tf, x, { ...noAugment, rotationDeg: 90 }, () => seq[k++ % seq.length]!);
    const expected = tf.tidy(() => tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 2));
    const alt = tf.tidy(() => tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 1));
    const d1 = tf.max(tf.abs(tf.sub(out, expected))).dataSync()[0]!;
    const d2 = tf.max(tf.abs(tf.sub(out, alt))).dataSync()[0]!;
    expect(Math.min(d1, d2)).toBeLessThan(1e-4);
    tf.dispose([x, out, expected, alt]);
  });
});
