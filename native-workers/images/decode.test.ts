import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageCorrupt, ImageRefused } from './decode';
import { encodeWebp, gradientRgba } from './test-images';

describe('decodeImage', () => {
  it('decodes an 8-bit PNG exactly', async () => {
    const img = gradientRgba(20, 10);
    const png = PNG.sync.write({ width: 20, height: 10, data: Buffer.from(img) });
    const d = await decodeImage(png);
    expect([d.width, d.height, d.header.format]).toEqual([20, 10, 'png']);
    expect(Array.from(d.data)).toEqual(Array.from(img));
  });

  it('scales a 16-bit PNG to 8 bits', async () => {
    const w = 4, h = 2;
    const data = Buffer.alloc(w * h * 8);
    // pngjs takes 16-bit input samples little-endian (it writes them big-endian): 0xff00 → 255 * 0xff00/0xffff ≈ 254, 0x8080 → 128.
    for (let i = 0; i < w * h; i++) {
      data.writeUInt16LE(0xff00, i * 8);
      data.writeUInt16LE(0x8080, i * 8 + 2);
      data.writeUInt16LE(0x0000, i * 8 + 4);
      data.writeUInt16LE(0xffff, i * 8 + 6);
    }
    const png = PNG.sync.write({ width: w, height: h, data }, { bitDepth: 16, colorType: 6, inputColorType: 6 });
    const d = await decodeImage(png);
    expect(d.header.bitDepth).toBe(16);
    expect(Array.from(d.data.slice(0, 4))).toEqual([254, 128, 0, 255]);
  });

  it('decodes a JPEG close to its source', async () => {
    const img = gradientRgba(32, 16);
    const j = jpeg.encode({ width: 32, height: 16, data: Buffer.from(img) }, 95);
    const d = await decodeImage(j.data);
    expect(d.header.format).toBe('jpeg');
    let err = 0;
    for (let i = 0; i < img.length; i++) if (i % 4 !== 3) err = Math.max(err, Math.abs(d.data[i]! - img[i]!));
    expect(err).toBeLessThan(24);
  });

  it('decodes an Adobe CMYK JPEG into RGB colours', async () => {
    const d = await decodeImage(fs.readFileSync(path.join(__dirname, 'fixtures', 'cmyk.jpg')));
    expect(d.header.components).toBe(4);
    expect(d.header.adobe).toBe(true);
    // The gradient runs red (top) to blue (bottom).
    const top = Array.from(d.data.slice(0, 3));
    const bottom = Array.from(d.data.slice((d.height - 1) * d.width * 4, (d.height - 1) * d.width * 4 + 3));
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  it('decodes a lossless WebP exactly (libwebp wasm from node_modules)', async () => {
    const img = gradientRgba(24, 12);
    const webp = await encodeWebp(img, 24, 12);
    const d = await decodeImage(webp);
    expect([d.width, d.height, d.header.format]).toEqual([24, 12, 'webp']);
    expect(Array.from(d.data)).toEqual(Array.from(img));
  });

  it('refuses a 20,000 × 20,000 image by its header, before decoding', async () => {
    const png = PNG.sync.write({ width: 1, height: 1, data: Buffer.alloc(4) });
    png.writeUInt32BE(20000, 16);
    png.writeUInt32BE(20000, 20);
    await expect(decodeImage(png)).rejects.toThrow(ImageRefused);
    await expect(decodeImage(png)).rejects.toThrow(/20000 × 20000 pixels is too large.*Downscale/);
  });

  it('calls a damaged or foreign file corrupt, saying why', async () => {
    const png = PNG.sync.write({ width: 8, height: 8, data: Buffer.alloc(256, 7) });
    await expect(decodeImage(png.subarray(0, 40))).rejects.toThrow(ImageCorrupt);
    await expect(decodeImage(Buffer.from('hello, not an image'))).rejects.toThrow(/unknown signature/);
    await expect(decodeImage(new Uint8Array(0))).rejects.toThrow(/Empty file/);
    const j = jpeg.encode({ width: 16, height: 16, data: Buffer.alloc(1024, 90) }, 90).data;
    await expect(decodeImage(j.subarray(0, 120))).rejects.toThrow(ImageCorrupt);
  });
});
