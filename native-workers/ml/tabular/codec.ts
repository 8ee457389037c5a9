/**
 * Typed arrays ⇄ base64 for model JSON: exact (bit-for-bit) and about 3× smaller
 * than decimal number arrays, without Node's Buffer so ml/ stays pure.
 */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Uint8Array(128);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list far below engine limits.
  const chunk = 0x3000;
  for (let start = 0; start < bytes.length; start += chunk) {
    const end = Math.min(bytes.length, start + chunk);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < end ? bytes[i + 1]! : 0;
      const c = i + 2 < end ? bytes[i + 2]! : 0;
      const n = (a << 16) | (b << 8) | c;
      s += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
      s += i + 1 < end ? alphabet[(n >> 6) & 63]! : '=';
      s += i + 2 < end ? alphabet[n & 63]! : '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

function base64ToBytes(text: string): Uint8Array {
  let len = text.length;
  while (len > 0 && text[len - 1] === '=') len--;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  for (let i = 0; i < len; i += 4) {
    const a = lookup[text.charCodeAt(i)]!;
    const b = lookup[text.charCodeAt(i + 1)]!;
    const c = i + 2 < len ? lookup[text.charCodeAt(i + 2)]! : 0;
    const d = i + 3 < len ? lookup[text.charCodeAt(i + 3)]! : 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

// Chunk boundaries are multiples of 3 bytes, so the per-chunk encodings concatenate cleanly.

export function encodeF64(a: Float64Array): string {
  return bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export function decodeF64(text: string): Float64Array {
  const bytes = base64ToBytes(text);
  return new Float64Array(bytes.buffer, 0, bytes.byteLength / 8);
}

export function encodeF32(a: Float32Array): string {
  return bytesToBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

export function decodeF32(text: string): Float32Array {
  const bytes = base64ToBytes(text);
  return new Float32Array(bytes.buffer, 0, bytes.byteLength / 4);
}

/** Reads a field of a parsed model JSON, failing with the field's name rather than later with NaNs. */
export function field<T>(json: { readonly [key: string]: unknown }, key: string, check: (v: unknown) => v is T): T {
  const v = json[key];
  if (!check(v)) throw new Error(`Model JSON field "${key}" is missing or malformed.`);
  return v;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
