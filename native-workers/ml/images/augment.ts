import type { Tensor4D } from '@tensorflow/tfjs';

type Tf = typeof import('@tensorflow/tfjs');

/**
 * On-the-fly augmentation of training images, redrawn every time a batch is seen, so an epoch never
 * shows the network exactly the same pixels twice. Every random number comes from the caller's seeded
 * generator: the same seed gives the same tensors.
 */
export interface AugmentSpec {
  /** Mirror left↔right with probability 1/2 (default true; turn off for text, digits, asymmetric objects). */
  flip: boolean;
  /** Rotate by a uniform angle in ±rotationDeg degrees about the centre (default 10; 0 = off). */
  rotationDeg: number;
  /** Crop a random window whose side is between (1 − cropFraction) and 1 of the image's, stretched back to full size (default 0.15; 0 = off). */
  cropFraction: number;
  /** Brightness shift in ±colorJitter, contrast and saturation factors in 1 ± colorJitter (default 0.1; 0 = off). */
  colorJitter: number;
}

export const defaultAugment: AugmentSpec = { flip: true, rotationDeg: 10, cropFraction: 0.15, colorJitter: 0.1 };

/** Leaves images untouched (validation, or a run that asks for none). */
export const noAugment: AugmentSpec = { flip: false, rotationDeg: 0, cropFraction: 0, colorJitter: 0 };

export function isIdentityAugment(spec: AugmentSpec): boolean {
  return !spec.flip && spec.rotationDeg === 0 && spec.cropFraction === 0 && spec.colorJitter === 0;
}

type Mat3 = [number, number, number, number, number, number, number, number, number];

function mul(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0) as Mat3;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
  return out;
}

/**
 * The map from an output pixel to the input pixel it samples, as tf.image.transform wants it
 * ([a0 a1 a2 b0 b1 b2 c0 c1]): flip, then the crop window, then the rotation about the centre.
 */
export function geometryFor(h: number, w: number, spec: AugmentSpec, rng: () => number): number[] {
  const flip = spec.flip && rng() < 0.5;
  const side = 1 - rng() * Math.max(0, Math.min(0.9, spec.cropFraction));
  const ox = rng() * (1 - side) * (w - 1);
  const oy = rng() * (1 - side) * (h - 1);
  const theta = ((rng() * 2 - 1) * spec.rotationDeg * Math.PI) / 180;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const flipM: Mat3 = flip ? [-1, 0, w - 1, 0, 1, 0, 0, 0, 1] : [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const cropM: Mat3 = [side, 0, ox, 0, side, oy, 0, 0, 1];
  const rotM: Mat3 = [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy, 0, 0, 1];
  const m = mul(rotM, mul(cropM, flipM));
  return [m[0], m[1], m[2], m[3], m[4], m[5], 0, 0];
}

/**
 * Seeded on-the-fly augmentation of a batch [n,h,w,3] in [0,1]: per image a flip, crop and rotation
 * (one projective transform, bilinear, edges repeated so no black corners appear) and a colour jitter
 * (brightness, contrast, saturation), clipped back to [0,1]. Shapes are preserved. Runs inside tf.tidy;
 * the caller owns (and disposes) the result, which is a new tensor even when the spec changes nothing.
 */
export function augmentBatch(tf: Tf, images: Tensor4D, spec: AugmentSpec, rng: () => number): Tensor4D {
  const [n, h, w, c] = images.shape;
  if (c !== 3) throw new Error(`augmentBatch wants RGB images [n,h,w,3], got ${images.shape.join('×')}`);
  if (isIdentityAugment(spec) || n === 0) return tf.clone(images);
  // Draw every random number before any tensor work, in a fixed order per image, so results depend on the seed only.
  const transforms: number[] = [];
  const brightness = new Float32Array(n);
  const contrast = new Float32Array(n);
  const saturation = new Float32Array(n);
  const j = Math.max(0, spec.colorJitter);
  for (let i = 0; i < n; i++) {
    transforms.push(...geometryFor(h, w, spec, rng));
    brightness[i] = (rng() * 2 - 1) * j;
    contrast[i] = 1 + (rng() * 2 - 1) * j;
    saturation[i] = 1 + (rng() * 2 - 1) * j;
  }
  return tf.tidy(() => {
    const geometric = spec.flip || spec.rotationDeg !== 0 || spec.cropFraction !== 0;
    let x: Tensor4D = geometric ? tf.image.transform(images, tf.tensor2d(transforms, [n, 8]), 'bilinear', 'nearest') : images;
    if (j > 0) {
      const perImage = (v: Float32Array) => tf.tensor4d(v, [n, 1, 1, 1]);
      const mean = tf.mean(x, [1, 2, 3], true);
      x = tf.add(tf.add(tf.mul(tf.sub(x, mean), perImage(contrast)), mean), perImage(brightness));
      const grey = tf.sum(tf.mul(x, tf.tensor1d([0.299, 0.587, 0.114])), 3, true);
      x = tf.add(grey, tf.mul(tf.sub(x, grey), perImage(saturation)));
    }
    // Bilinear sampling is a convex mix, but the jitter can leave [0,1], and the backbone was trained on [0,1].
    return tf.clipByValue(x, 0, 1);
  });
}
