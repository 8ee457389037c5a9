/**
 * Decoded pixels → the backbone's square RGB input. The image is centre-cropped
 * to a square (as Keras' and Teachable Machine's preprocessing do: stretching
 * would change shapes the backbone learned), then resized: box-averaged when
 * shrinking (bilinear sampling of a 4000-pixel photo at 224 would alias),
 * bilinear when enlarging (digits at 8×8).
 */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row-major. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export function squareRgb(img: Rgba, size: number, out: Uint8Array = new Uint8Array(size * size * 3), offset = 0): Uint8Array {
  const side = Math.min(img.width, img.height);
  const x0 = (img.width - side) / 2;
  const y0 = (img.height - side) / 2;
  const scale = side / size;
  const src = img.data;
  const w = img.width;
  if (scale > 1) {
    for (let oy = 0; oy < size; oy++) {
      const sy0 = Math.floor(y0 + oy * scale);
      const sy1 = Math.max(sy0 + 1, Math.floor(y0 + (oy + 1) * scale));
      for (let ox = 0; ox < size; ox++) {
        const sx0 = Math.floor(x0 + ox * scale);
        const sx1 = Math.max(sx0 + 1, Math.floor(x0 + (ox + 1) * scale));
        let r = 0, g = 0, b = 0;
        for (let y = sy0; y < sy1; y++) {
          let p = (y * w + sx0) * 4;
          for (let x = sx0; x < sx1; x++, p += 4) {
            r += src[p]!;
            g += src[p + 1]!;
            b += src[p + 2]!;
          }
        }
        const n = (sy1 - sy0) * (sx1 - sx0);
        const o = offset + (oy * size + ox) * 3;
        out[o] = Math.round(r / n);
        out[o + 1] = Math.round(g / n);
        out[o + 2] = Math.round(b / n);
      }
    }
    return out;
  }
  const maxX = img.width - 1;
  const maxY = img.height - 1;
  // Sample points are clamped to the square, not to the image: an edge pixel of the square must not blend
  // in the columns (or rows) the crop left out.
  const lastX = x0 + side - 1;
  const lastY = y0 + side - 1;
  for (let oy = 0; oy < size; oy++) {
    const fy = Math.min(lastY, Math.max(y0, y0 + (oy + 0.5) * scale - 0.5));
    const yA = Math.floor(fy);
    const yB = Math.min(maxY, yA + 1);
    const ty = fy - yA;
    for (let ox = 0; ox < size; ox++) {
      const fx = Math.min(lastX, Math.max(x0, x0 + (ox + 0.5) * scale - 0.5));
      const xA = Math.floor(fx);
      const xB = Math.min(maxX, xA + 1);
      const tx = fx - xA;
      const o = offset + (oy * size + ox) * 3;
      for (let c = 0; c < 3; c++) {
        const a = src[(yA * w + xA) * 4 + c]! * (1 - tx) + src[(yA * w + xB) * 4 + c]! * tx;
        const b = src[(yB * w + xA) * 4 + c]! * (1 - tx) + src[(yB * w + xB) * 4 + c]! * tx;
        out[o + c] = Math.round(a * (1 - ty) + b * ty);
      }
    }
  }
  return out;
}

/** A small RGBA thumbnail (longest side `max`), kept in the project for the grid. */
export function thumbnailRgba(img: Rgba, max: number): Rgba {
  const scale = Math.max(img.width, img.height) / max;
  if (scale <= 1) return img;
  const tw = Math.max(1, Math.round(img.width / scale));
  const th = Math.max(1, Math.round(img.height / scale));
  const out = new Uint8Array(tw * th * 4);
  for (let oy = 0; oy < th; oy++) {
    const sy0 = Math.floor(oy * scale);
    const sy1 = Math.min(img.height, Math.max(sy0 + 1, Math.floor((oy + 1) * scale)));
    for (let ox = 0; ox < tw; ox++) {
      const sx0 = Math.floor(ox * scale);
      const sx1 = Math.min(img.width, Math.max(sx0 + 1, Math.floor((ox + 1) * scale)));
      const acc = [0, 0, 0, 0];
      for (let y = sy0; y < sy1; y++) {
        for (let x = sx0; x < sx1; x++) {
          const p = (y * img.width + x) * 4;
          for (let c = 0; c < 4; c++) acc[c]! += img.data[p + c]!;
        }
      }
      const n = (sy1 - sy0) * (sx1 - sx0);
      for (let c = 0; c < 4; c++) out[(oy * tw + ox) * 4 + c] = Math.round(acc[c]! / n);
    }
  }
  return { width: tw, height: th, data: out };
}
