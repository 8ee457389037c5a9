// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- pngjs has no types; the reference brings ours into every program that decodes (main tests too).
/// <reference path="./pngjs.d.ts" />
/**
 * Decoding without native binaries: pngjs (16-bit PNGs scaled to 8-bit, grey
 * and palette expanded), jpeg-js (greyscale, YCbCr, Adobe CMYK and YCCK
 * JPEGs: jpeg-js inverts Adobe's CMYK and converts to RGB), @jsquash/webp
 * (libwebp compiled to wasm, loaded from node_modules: no network).
 * Dimensions are checked from the header first, so a huge image is refused
 * before a byte of pixels is allocated.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import type jpegJs from 'jpeg-js';
import type { PNG as PngClass } from 'pngjs';
import { maxImagePixels, maxImageSide } from '../../preload/contract/images';
import type { Rgba } from '../ml/images/pixels';
import { readHeader, type ImageHeader } from './header';

export class ImageRefused extends Error {}
export class ImageCorrupt extends Error {}

/** Refuses by header: too large, or a format the decoders cannot take. */
export function checkHeader(bytes: Uint8Array): ImageHeader {
  const h = readHeader(bytes);
  if (!h.ok) throw new ImageCorrupt(h.reason);
  const { width, height } = h.header;
  if (width === 0 || height === 0) throw new ImageCorrupt(`The header says ${width} × ${height} pixels.`);
  if (width > maxImageSide || height > maxImageSide || width * height > maxImagePixels) {
    throw new ImageRefused(
      `${width} × ${height} pixels is too large (limit ${maxImageSide} px a side, ${maxImagePixels / 1e6} megapixels): decoding it would need ${Math.round((width * height * 4) / 2 ** 20)} MB. Downscale it first.`,
    );
  }
  if (h.header.format === 'jpeg' && h.header.bitDepth !== 8) {
    throw new ImageRefused(`${h.header.bitDepth}-bit JPEG (lossless/12-bit) is not supported by the JavaScript decoder; convert it to 8-bit.`);
  }
  if (h.header.format === 'jpeg' && h.header.components === 4 && !h.header.adobe) {
    throw new ImageRefused('CMYK JPEG without an Adobe marker: how its four channels map to colours is unknown. Save it as RGB (sRGB) and import again.');
  }
  return h.header;
}

// The codecs load on first use: the host imports this module through host-api.ts at start,
// and most sessions never decode an image (pngjs + jpeg-js cost ~25 ms to load).
const load = createRequire(__filename);
let pngCodec: typeof PngClass | undefined;
let jpegCodec: typeof jpegJs | undefined;
const png = (): typeof PngClass => (pngCodec ??= (load('pngjs') as { PNG: typeof PngClass }).PNG);
const jpeg = (): typeof jpegJs => (jpegCodec ??= load('jpeg-js') as typeof jpegJs);

let webpDecode: Promise<(buf: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>> | null = null;

function loadWebp(): Promise<(buf: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>> {
  webpDecode ??= (async () => {
    const wasmPath = load.resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
    const mod = (await import('@jsquash/webp/decode.js')) as unknown as {
      init(options: { wasmBinary: Uint8Array }): Promise<void>;
      default(buf: ArrayBuffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
    };
    // Emscripten would fetch the .wasm beside its script, which Node cannot: hand it the bytes.
    await mod.init({ wasmBinary: fs.readFileSync(wasmPath) });
    return mod.default;
  })();
  return webpDecode;
}

export async function decodeImage(bytes: Uint8Array): Promise<Rgba & { readonly header: ImageHeader }> {
  const header = checkHeader(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let img: Rgba;
  try {
    switch (header.format) {
      case 'png': {
        const p = png().sync.read(buf);
        img = { width: p.width, height: p.height, data: p.data };
        break;
      }
      case 'jpeg': {
        const j = jpeg().decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxImagePixels / 1e6, maxMemoryUsageInMB: 1024 });
        img = { width: j.width, height: j.height, data: j.data };
        break;
      }
      case 'webp': {
        const decode = await loadWebp();
        const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        const d = await decode(ab);
        img = { width: d.width, height: d.height, data: d.data };
        break;
      }
    }
  } catch (err) {
    throw new ImageCorrupt(`Cannot decode this ${header.format.toUpperCase()}: the file is damaged or cut short (${err instanceof Error ? err.message.split('\n')[0] : String(err)}).`);
  }
  if (img.data.length < img.width * img.height * 4) throw new ImageCorrupt(`Truncated ${header.format.toUpperCase()}: fewer pixels than the header says.`);
  return { ...img, header };
}

/** A PNG of RGBA pixels (thumbnails). */
export function encodePng(img: Rgba): Buffer {
  return png().sync.write({ width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength) });
}
