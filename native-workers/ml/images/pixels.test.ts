import { describe, expect, it } from 'vitest';
import { squareRgb, thumbnailRgba, type Rgba } from './pixels';

/** An RGBA image whose pixel (x, y) is rgba(x, y). */
function image(width: number, height: number, rgba: (x: number, y: number) => [number, number, number, number]): Rgba {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(rgba(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** Channel c of every output pixel, row by row. */
const channel = (rgb: Uint8Array, c: number, offset = 0, n = (rgb.length - offset) / 3): number[] => Array.from({ length: n }, (_, i) => rgb[offset + i * 3 + c]!);

describe('squareRgb: shrinking (box average over the centre square)', () => {
  it('crops a wide image to its centre square and averages each 2×2 block, dropping alpha', () => {
    // 8×4: the centre square is columns 2–5. Red = x, green = 10·y, blue = 7, alpha = 0 (never read).
    const img = image(8, 4, (x, y) => [x * 20, y * 10, 7, 0]);
    const out = squareRgb(img, 2);
    // Blocks: x 2–3 / 4–5, y 0–1 / 2–3 → red means 50 and 90, green means 5 and 25.
    expect(channel(out, 0)).toEqual([50, 90, 50, 90]);
    expect(channel(out, 1)).toEqual([5, 5, 25, 25]);
    expect(channel(out, 2)).toEqual([7, 7, 7, 7]);
  });

  it('crops a tall image to its centre rows, and rounds the means half up', () => {
    // 2×6: the centre square is rows 2–3. One output pixel: the mean of four.
    const img = image(2, 6, (x, y) => [y === 2 ? 1 : 0, x + y * 2, y < 2 || y > 3 ? 255 : 0, 255]);
    // Red 1,1,0,0 → 0.5 → 1; green 4,5,6,7 → 5.5 → 6; blue 0.
    expect([...squareRgb(img, 1)]).toEqual([1, 6, 0]);
  });

  it('splits an uneven scale into blocks of floor() bounds (5 → 2: rows 0–1 and 2–4)', () => {
    const img = image(5, 5, (x, y) => [x * 10, y * 10, 0, 255]);
    const out = squareRgb(img, 2);
    // Red: columns 0–1 mean 5, columns 2–4 mean 30; green the same by rows.
    expect(channel(out, 0)).toEqual([5, 30, 5, 30]);
    expect(channel(out, 1)).toEqual([5, 5, 30, 30]);
  });

  it('centres an odd crop on a half pixel (7×5 → 5, offset 1): a 1.25 scale keeps every block at least one pixel', () => {
    // Side 5 at size 4: scale 1.25, x0 = 1; column blocks floor(1 + 1.25·k)..: [1], [2], [3], [4, 5].
    const img = image(7, 5, (x) => [x * 10, 0, 0, 255]);
    expect(channel(squareRgb(img, 4), 0).slice(0, 4)).toEqual([10, 20, 30, 45]);
  });

  it('writes at the offset into a given buffer, leaving the rest alone', () => {
    const img = image(4, 4, () => [9, 8, 7, 255]);
    const out = new Uint8Array(2 + 12 + 2).fill(1);
    expect(squareRgb(img, 2, out, 2)).toBe(out);
    expect([...out]).toEqual([1, 1, 9, 8, 7, 9, 8, 7, 9, 8, 7, 9, 8, 7, 1, 1]);
  });
});

describe('squareRgb: enlarging (bilinear, half-pixel centres as OpenCV INTER_LINEAR and tf.image.resizeBilinear)', () => {
  it('2×2 → 4×4: sample points −0.25, 0.25, 0.75, 1.25 clamped to the edges', () => {
    // Red = 100·x + 100·y: by hand, rows at y 0, .25, .75, 1 and columns the same.
    const img = image(2, 2, (x, y) => [100 * x + 100 * y, 200 * x, 50 * y, 255]);
    const out = squareRgb(img, 4);
    expect(channel(out, 0)).toEqual([0, 25, 75, 100, 25, 50, 100, 125, 75, 100, 150, 175, 100, 125, 175, 200]);
    expect(channel(out, 1).slice(0, 4)).toEqual([0, 50, 150, 200]);
    expect(channel(out, 2).filter((_, i) => i % 4 === 0)).toEqual([0, 13, 38, 50]); // 12.5 and 37.5 round up
  });

  it('crops before enlarging: a 4×2 image uses its centre 2×2 only', () => {
    // Columns 0 and 3 are 255 (outside the crop); the crop holds red 10 (x = 1) and 30 (x = 2).
    const img = image(4, 2, (x) => [x === 0 || x === 3 ? 255 : x === 1 ? 10 : 30, 0, 0, 255]);
    expect(channel(squareRgb(img, 4), 0).slice(0, 4)).toEqual([10, 15, 25, 30]);
    // 3×2: the square spans x 0.5–2.5, its pixel centres 1 and 2 (red 100, 200); samples clamp to 0.5 and 1.5.
    const odd = image(3, 2, (x) => [100 * x, 0, 0, 255]);
    expect(channel(squareRgb(odd, 4), 0).slice(0, 4)).toEqual([50, 75, 125, 150]);
    // And a tall one: rows 0 and 3 are outside.
    const tall = image(2, 4, (_x, y) => [y === 0 || y === 3 ? 255 : y === 1 ? 10 : 30, 0, 0, 255]);
    expect(channel(squareRgb(tall, 4), 0).filter((_, i) => i % 4 === 0)).toEqual([10, 15, 25, 30]);
  });

  it('a 1×1 image fills every output pixel', () => {
    expect([...squareRgb(image(1, 1, () => [3, 4, 5, 6]), 2)]).toEqual([3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5]);
  });

  it('the same size copies the centre square exactly', () => {
    const img = image(3, 3, (x, y) => [x, y, x * y, 255]);
    expect([...squareRgb(img, 3)]).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 1, 0, 1, 1, 1, 2, 1, 2, 0, 2, 0, 1, 2, 2, 2, 2, 4]);
  });
});

describe('thumbnailRgba', () => {
  it('returns the image itself when it already fits', () => {
    const img = image(4, 3, () => [1, 2, 3, 4]);
    expect(thumbnailRgba(img, 4)).toBe(img);
    expect(thumbnailRgba(img, 10)).toBe(img);
  });

  it('keeps the aspect, averages blocks with alpha, and keeps at least one pixel on the short side', () => {
    // 8×4 at max 4: scale 2 → 4×2, each pixel the mean of a 2×2 block.
    const img = image(8, 4, (x, y) => [x * 10, y * 20, 5, x < 4 ? 255 : 0]);
    const t = thumbnailRgba(img, 4);
    expect([t.width, t.height]).toEqual([4, 2]);
    const px = (x: number, y: number): number[] => [...t.data.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4)];
    expect(px(0, 0)).toEqual([5, 10, 5, 255]);
    expect(px(3, 1)).toEqual([65, 50, 5, 0]);
    // 100×1 at max 10: 10×1 (0.1 rounds to 0, kept at 1).
    const thin = thumbnailRgba(image(100, 1, (x) => [x, 0, 0, 255]), 10);
    expect([thin.width, thin.height]).toEqual([10, 1]);
    expect(thin.data[0]).toBe(5); // mean of 0..9 = 4.5 → 5
    const narrow = thumbnailRgba(image(1, 100, () => [0, 0, 0, 0]), 10);
    expect([narrow.width, narrow.height]).toEqual([1, 10]);
    // 8×5 at max 4: 5 / 2 = 2.5 rows round to 3.
    expect(thumbnailRgba(image(8, 5, () => [0, 0, 0, 0]), 4).height).toBe(3);
  });

  it('an uneven scale reaches the last row and column without reading past them (5×5 at max 2)', () => {
    const img = image(5, 5, (x, y) => [x * 10, y * 10, 0, 255]);
    const t = thumbnailRgba(img, 2);
    expect([t.width, t.height]).toEqual([2, 2]);
    // Blocks as squareRgb's 5 → 2: columns 0–1 and 2–4.
    expect([t.data[0], t.data[4], t.data[8 + 1], t.data[12 + 1]]).toEqual([5, 30, 30, 30]);
  });
});
