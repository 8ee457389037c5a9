/**
 * Summaries to and from JSON for storage: a sketch's points travel as
 * base64 of their float64 bytes (a tenth of the size of JSON numbers, and
 * exact), everything else as plain JSON.
 */
import type { SketchPoints } from './sketch';
import type { ColumnSummary } from './summary';

export type StoredSummary =
  | (Omit<Extract<ColumnSummary, { kind: 'numeric' }>, 'sketch' | 'min' | 'max' | 'mean' | 'std'> & {
      readonly min: number | null;
      readonly max: number | null;
      readonly mean: number | null;
      readonly std: number | null;
      readonly sketch: { readonly values: string; readonly weights: string; readonly total: number };
    })
  | Extract<ColumnSummary, { kind: 'categorical' }>;

function toBase64(a: Float64Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Float64Array {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

// JSON has no Infinity or NaN: an empty column's min/max/moments travel as null.
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function encodeSummary(s: ColumnSummary): StoredSummary {
  if (s.kind === 'categorical') return s;
  const p: SketchPoints = s.sketch;
  return {
    ...s,
    min: finite(s.min),
    max: finite(s.max),
    mean: finite(s.mean),
    std: finite(s.std),
    sketch: { values: toBase64(Float64Array.from(p.values)), weights: toBase64(Float64Array.from(p.weights)), total: p.total },
  };
}

export function decodeSummary(s: StoredSummary): ColumnSummary {
  if (s.kind === 'categorical') return s;
  return {
    ...s,
    min: s.min ?? Infinity,
    max: s.max ?? -Infinity,
    mean: s.mean ?? NaN,
    std: s.std ?? NaN,
    sketch: { values: fromBase64(s.sketch.values), weights: fromBase64(s.sketch.weights), total: s.sketch.total },
  };
}
