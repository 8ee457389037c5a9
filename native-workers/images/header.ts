/**
 * Image format and dimensions from the first bytes of a file, before any
 * decoding: a 20,000 × 20,000 picture is refused here instead of allocating
 * 1.6 GB of pixels. Also notes what the decoder will need to know (bit depth,
 * JPEG colour components).
 */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** PNG bit depth; JPEG sample precision. */
  readonly bitDepth?: number;
  /** JPEG: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  readonly components?: number;
  /** JPEG with an Adobe APP14 marker (its transform flag decides CMYK vs YCCK). */
  readonly adobe?: boolean;
}

export type HeaderResult = { readonly ok: true; readonly header: ImageHeader } | { readonly ok: false; readonly reason: string };

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readHeader(b: Uint8Array): HeaderResult {
  if (b.length >= 24 && pngSignature.every((v, i) => b[i] === v)) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return { ok: false, reason: 'PNG without an IHDR header chunk (damaged file).' };
    return { ok: true, header: { format: 'png', width: dv.getUint32(16), height: dv.getUint32(20), bitDepth: b[24] ?? 8 } };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegHeader(b);
  if (b.length >= 30 && String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!) === 'RIFF' && String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!) === 'WEBP') {
    return webpHeader(b);
  }
  if (b.length === 0) return { ok: false, reason: 'Empty file.' };
  return { ok: false, reason: 'Not a PNG, JPEG or WebP image (unknown signature).' };
}

function jpegHeader(b: Uint8Array): HeaderResult {
  let p = 2;
  let adobe = false;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return { ok: false, reason: `Damaged JPEG: expected a marker at byte ${p}.` };
    const marker = b[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    if (marker === 0xee && b[p + 4] === 0x41 && b[p + 5] === 0x64 && b[p + 6] === 0x6f && b[p + 7] === 0x62 && b[p + 8] === 0x65) adobe = true;
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) {
      if (p + 10 > b.length) break;
      const height = (b[p + 5]! << 8) | b[p + 6]!;
      const width = (b[p + 7]! << 8) | b[p + 8]!;
      return { ok: true, header: { format: 'jpeg', width, height, bitDepth: b[p + 4]!, components: b[p + 9]!, adobe } };
    }
    if (marker === 0xda || marker === 0xd9) break;
    p += 2 + len;
  }
  return { ok: false, reason: 'Damaged JPEG: no frame header (SOF) found.' };
}

function webpHeader(b: Uint8Array): HeaderResult {
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes) + start code 9d 01 2a, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return { ok: false, reason: 'Damaged WebP (lossy frame start code missing).' };
    return { ok: true, header: { format: 'webp', width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff } };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return { ok: false, reason: 'Damaged WebP (lossless signature missing).' };
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { ok: true, header: { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 } };
  }
  if (chunk === 'VP8X') {
    const width = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
    const height = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
    return { ok: true, header: { format: 'webp', width, height } };
  }
  return { ok: false, reason: `Unknown WebP chunk '${chunk}'.` };
}
