import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentBatch, geometryFor, isIdentityAugment, noAugment, type AugmentSpec } from './augment';
import { useWasmBackend } from '../../runtime/wasm-testing';

/** A generator that replays `seq` in a loop, so each draw of the augmentation is chosen by the test. */
function draws(seq: readonly number[]): () => number {
  let k = 0;
  return () => seq[k++ % seq.length]!;
}

function expectClose(got: ArrayLike<number>, want: readonly number[], digits = 5): void {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, digits));
}

describe('isIdentityAugment', () => {
  it('is true only when every part is off', () => {
    expect(isIdentityAugment(noAugment)).toBe(true);
    expect(isIdentityAugment({ ...noAugment, flip: true })).toBe(false);
    expect(isIdentityAugment({ ...noAugment, rotationDeg: 5 })).toBe(false);
    expect(isIdentityAugment({ ...noAugment, cropFraction: 0.1 })).toBe(false);
    expect(isIdentityAugment({ ...noAugment, colorJitter: 0.1 })).toBe(false);
  });
});

describe('geometryFor', () => {
  // Draw order: flip? (only when spec.flip), crop side, ox, oy, angle.
  it('with nothing drawn is the identity map', () => {
    expectClose(geometryFor(5, 9, noAugment, draws([0.3])), [1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('draws a flip only below 1/2', () => {
    const spec: AugmentSpec = { ...noAugment, flip: true };
    // 0.9 and exactly 0.5 keep the image; 0.2 mirrors x → (w−1) − x.
    expectClose(geometryFor(5, 9, spec, draws([0.9, 0, 0, 0, 0.5])), [1, 0, 0, 0, 1, 0, 0, 0]);
    expectClose(geometryFor(5, 9, spec, draws([0.5, 0, 0, 0, 0.5])), [1, 0, 0, 0, 1, 0, 0, 0]);
    expectClose(geometryFor(5, 9, spec, draws([0.2, 0, 0, 0, 0.5])), [-1, 0, 8, 0, 1, 0, 0, 0]);
  });

  it('composes flip then crop window (h=5, w=9)', () => {
    const spec: AugmentSpec = { flip: true, rotationDeg: 0, cropFraction: 0.5, colorJitter: 0 };
    // flip (0.2 < 1/2); side = 1 − 0.5·0.5 = 0.75; ox = 0.4·0.25·(9−1) = 0.8; oy = 0.6·0.25·(5−1) = 0.6.
    // crop·flip = [0.75 0 0.8; 0 0.75 0.6] · [−1 0 8; 0 1 0] = [−0.75, 0, 0.75·8 + 0.8 = 6.8; 0, 0.75, 0.6].
    expectClose(geometryFor(5, 9, spec, draws([0.2, 0.5, 0.4, 0.6, 0.5])), [-0.75, 0, 6.8, 0, 0.75, 0.6, 0, 0]);
  });

  it('clamps the crop fraction to [0, 0.9]', () => {
    // side = 1 − 1·0.9 = 0.1 when 2 is asked; a negative fraction crops nothing.
    expectClose(geometryFor(5, 9, { ...noAugment, cropFraction: 2 }, draws([1, 0, 0, 0.5])), [0.1, 0, 0, 0, 0.1, 0, 0, 0]);
    expectClose(geometryFor(5, 9, { ...noAugment, cropFraction: -1 }, draws([1, 1, 1, 0.5])), [1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('rotates by (2u − 1)·rotationDeg about the centre', () => {
    // u = 0.75 → θ = 0.5·60° = 30°; centre (cx, cy) = ((9−1)/2, (5−1)/2) = (4, 2).
    // [cos −sin cx − cos·cx + sin·cy; sin cos cy − sin·cx − cos·cy].
    const c = Math.sqrt(3) / 2;
    const s = 0.5;
    const want = [c, -s, 4 - 4 * c + 2 * s, s, c, 2 - 4 * s - 2 * c, 0, 0];
    expectClose(geometryFor(5, 9, { ...noAugment, rotationDeg: 60 }, draws([0, 0, 0, 0.75])), want);
  });
});

describe('augmentBatch exact pixels (wasm backend)', () => {
  beforeAll(useWasmBackend);

  it('refuses images that are not RGB, naming the shape', () => {
    const x = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => augmentBatch(tf, x, noAugment, draws([0.5]))).toThrow('augmentBatch wants RGB images [n,h,w,3], got 1×2×2×1');
    x.dispose();
  });

  it('with nothing asked returns a copy without clipping or drawing', () => {
    // Out-of-range values survive: the identity path must not go through the clip.
    const x = tf.tensor4d([1.5, -0.25, 0.5, 2, 0, 1], [1, 1, 2, 3]);
    let calls = 0;
    const out = augmentBatch(tf, x, noAugment, () => (calls++, 0.5));
    expect(out).not.toBe(x);
    expectClose(out.dataSync(), [1.5, -0.25, 0.5, 2, 0, 1]);
    expect(calls).toBe(0);
    tf.dispose([x, out]);
  });

  it('a crop alone stretches the drawn window with bilinear sampling', () => {
    // One row, w = 5, every channel 0, 0.25, 0.5, 0.75, 1. side = 1 − 1·0.5 = 0.5, ox = 1·0.5·4 = 2, oy = 0 (h−1 = 0).
    // Output x samples input 0.5·x + 2 = 2, 2.5, 3, 3.5, 4 → 0.5, 0.625, 0.75, 0.875, 1.
    const row = [0, 0.25, 0.5, 0.75, 1];
    const x = tf.tensor4d(row.flatMap((v) => [v, v, v]), [1, 1, 5, 3]);
    const out = augmentBatch(tf, x, { ...noAugment, cropFraction: 0.5 }, draws([1, 1, 0.5, 0.5]));
    expectClose(out.dataSync(), [0.5, 0.625, 0.75, 0.875, 1].flatMap((v) => [v, v, v]));
    tf.dispose([x, out]);
  });

  it('repeats edge pixels where a rotation looks outside the image', () => {
    // A constant image stays constant under any rotation only if out-of-image samples repeat the edge (not 0).
    const x = tf.ones([1, 3, 3, 3]) as tf.Tensor4D;
    const out = augmentBatch(tf, x, { ...noAugment, rotationDeg: 45 }, draws([0, 0, 0, 1]));
    expectClose(out.dataSync(), new Array<number>(27).fill(1));
    tf.dispose([x, out]);
  });

  it('jitters brightness, contrast and saturation per image around that image’s own mean', () => {
    // Draws per image (no flip draw, flip is off): side, ox, oy, angle, then brightness 0.75, contrast 0.25, saturation 0.9.
    // With j = 0.2: brightness = 0.5·0.2 = 0.1, contrast = 1 − 0.5·0.2 = 0.9, saturation = 1 + 0.8·0.2 = 1.16.
    // x1 = (x − mean)·0.9 + mean + 0.1; grey = 0.299 r + 0.587 g + 0.114 b of x1; x2 = grey + (x1 − grey)·1.16.
    // Image 0: mean 2.1/6 = 0.35. Pixel (0.2, 0.4, 0.6) → x1 (0.315, 0.495, 0.675), grey 0.4617
    //   → (0.291528, 0.500328, 0.709128); pixel (0.5, 0.3, 0.1) → x1 (0.585, 0.405, 0.225), grey 0.4383
    //   → (0.608472, 0.399672, 0.190872).
    // Image 1: mean 3.9/6 = 0.65. (0.9, 0.8, 0.7) → x1 (0.975, 0.885, 0.795), grey 0.90165 → (0.986736, 0.882336, 0.777936);
    //   (0.6, 0.5, 0.4) → x1 (0.705, 0.615, 0.525), grey 0.63165 → (0.716736, 0.612336, 0.507936).
    const x = tf.tensor4d([0.2, 0.4, 0.6, 0.5, 0.3, 0.1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [2, 1, 2, 3]);
    const out = augmentBatch(tf, x, { ...noAugment, colorJitter: 0.2 }, draws([0.5, 0.5, 0.5, 0.5, 0.75, 0.25, 0.9]));
    expectClose(
      out.dataSync(),
      [0.291528, 0.500328, 0.709128, 0.608472, 0.399672, 0.190872, 0.986736, 0.882336, 0.777936, 0.716736, 0.612336, 0.507936],
    );
    tf.dispose([x, out]);
  });

  it('without jitter a drawn flip is bit-exact, with no colour arithmetic on the pixels', () => {
    const data = [0.1, 0.7, 0.3, 0.9, 0.2, 0.05, 0.6, 0.33, 0.8, 0.45, 0.15, 0.95];
    const x = tf.tensor4d(data, [1, 1, 4, 3]);
    const out = augmentBatch(tf, x, { ...noAugment, flip: true }, () => 0);
    // Mirror of the four pixels, exactly (Float32 round trip of the inputs).
    const f = Float32Array.from(data);
    const want = [3, 2, 1, 0].flatMap((p) => [f[p * 3]!, f[p * 3 + 1]!, f[p * 3 + 2]!]);
    expect(Array.from(out.dataSync())).toEqual(want);
    tf.dispose([x, out]);
  });

  it('an empty batch comes back empty without drawing', () => {
    const x = tf.zeros([0, 2, 2, 3]) as tf.Tensor4D;
    let calls = 0;
    const out = augmentBatch(tf, x, { flip: true, rotationDeg: 10, cropFraction: 0.2, colorJitter: 0.1 }, () => (calls++, 0.5));
    expect(out.shape).toEqual([0, 2, 2, 3]);
    expect(calls).toBe(0);
    tf.dispose([x, out]);
  });
});
