// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- pngjs has no types; see decode.ts.
/// <reference path="./pngjs.d.ts" />
/**
 * Real image files for tests and benchmarks: encoded by the same libraries a
 * user's tools would produce (pngjs, jpeg-js, libwebp in wasm).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export function gradientRgba(w: number, h: number, seed = 0): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      out[p] = (x * 255) / Math.max(1, w - 1);
      out[p + 1] = (y * 255) / Math.max(1, h - 1);
      out[p + 2] = (seed * 37 + x * y) % 256;
      out[p + 3] = 255;
    }
  }
  return out;
}

export function pngBytes(rgba: Uint8Array, w: number, h: number): Buffer {
  return PNG.sync.write({ width: w, height: h, data: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) });
}

export function jpegBytes(rgba: Uint8Array, w: number, h: number, quality = 92): Buffer {
  return jpeg.encode({ width: w, height: h, data: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength) }, quality).data;
}

let webpEncoder: Promise<(img: { data: Uint8ClampedArray; width: number; height: number }, opts: { lossless: number }) => Promise<ArrayBuffer>> | null = null;

export async function encodeWebp(rgba: Uint8Array, w: number, h: number): Promise<Buffer> {
  webpEncoder ??= (async () => {
    const req = createRequire(__filename);
    const mod = (await import('@jsquash/webp/encode.js')) as unknown as {
      init(options: { wasmBinary: Uint8Array }): Promise<unknown>;
      default(img: { data: Uint8ClampedArray; width: number; height: number }, opts: { lossless: number }): Promise<ArrayBuffer>;
    };
    await mod.init({ wasmBinary: fs.readFileSync(req.resolve('@jsquash/webp/codec/enc/webp_enc.wasm')) });
    return mod.default;
  })();
  const encode = await webpEncoder;
  return Buffer.from(await encode({ data: new Uint8ClampedArray(rgba), width: w, height: h }, { lossless: 1 }));
}

/**
 * A labelled image folder of simple, learnable pictures: class k is a
 * distinct colour pattern with per-image noise, written as PNG (and JPEG for
 * every third image, WebP for the fifth when `formats` asks).
 */
export async function writeClassFolder(dir: string, classes: readonly string[], perClass: number, size = 32, opts: { mixed?: boolean } = {}): Promise<string[]> {
  const files: string[] = [];
  for (const [k, cls] of classes.entries()) {
    fs.mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const img = patternRgba(k, classes.length, i, size);
      let file: string;
      if (opts.mixed && i % 5 === 4) {
        file = path.join(dir, cls, `${i}.webp`);
        fs.writeFileSync(file, await encodeWebp(img, size, size));
      } else if (opts.mixed && i % 3 === 2) {
        file = path.join(dir, cls, `${i}.jpg`);
        fs.writeFileSync(file, jpegBytes(img, size, size));
      } else {
        file = path.join(dir, cls, `${i}.png`);
        fs.writeFileSync(file, pngBytes(img, size, size));
      }
      files.push(file);
    }
  }
  return files;
}

/** Class k: stripes of hue k at an angle that depends on k, plus noise seeded by i. */
export function patternRgba(k: number, nClasses: number, i: number, size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  let s = (k * 7919 + i * 104729 + 1) >>> 0;
  const noise = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 24) - 128;
  };
  const angle = (Math.PI * k) / nClasses;
  const ca = Math.cos(angle), sa = Math.sin(angle);
  const hue = [(k * 97) % 256, (k * 53 + 80) % 256, (k * 181 + 160) % 256];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const stripe = Math.sin(((x * ca + y * sa) / size) * Math.PI * (3 + k)) > 0 ? 1 : 0.3;
      const p = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = Math.max(0, Math.min(255, Math.round(hue[c]! * stripe + noise() * 0.25)));
      out[p + 3] = 255;
    }
  }
  return out;
}

/**
 * Rows of a pixel CSV (../shared/data digits.csv: 64 columns 0..16 + label;
 * lfw_subset_faces.csv: 625 columns in [0, 1] + is_face) written as grey PNGs
 * in one folder per class, at most `perClass` per class, classes filtered.
 */
export function writePixelCsvFolder(csvFile: string, dir: string, opts: { labelColumn: string; side: number; max: number; perClass: number; classes?: readonly string[] }): number {
  const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',').map((h) => h.replace(/"/g, ''));
  const li = header.indexOf(opts.labelColumn);
  const pixelCols = header.map((_, i) => i).filter((i) => i !== li);
  const seen = new Map<string, number>();
  let written = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const label = cells[li]!.replace(/"/g, '');
    if (opts.classes && !opts.classes.includes(label)) continue;
    const k = seen.get(label) ?? 0;
    if (k >= opts.perClass) continue;
    seen.set(label, k + 1);
    const rgba = new Uint8Array(opts.side * opts.side * 4);
    pixelCols.forEach((c, p) => {
      const v = Math.round((Number(cells[c]) / opts.max) * 255);
      rgba.set([v, v, v, 255], p * 4);
    });
    fs.mkdirSync(path.join(dir, label), { recursive: true });
    fs.writeFileSync(path.join(dir, label, `${k}.png`), pngBytes(rgba, opts.side, opts.side));
    written++;
  }
  return written;
}
