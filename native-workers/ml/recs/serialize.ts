/**
 * A trained model as JSON plus named typed arrays (the project stores each array as a BLOB; a
 * bundle can write them as files), and back. Every typed-array field of a model, at any depth,
 * becomes a named array ("collaborative.itemFactors"); everything else stays in the JSON.
 */
import type { RecsModel } from './model';

export type StoredArray = Float64Array | Int32Array;

export interface ModelParts {
  /** The model with each array replaced by {"$array": name}. */
  readonly meta: unknown;
  readonly arrays: ReadonlyMap<string, StoredArray>;
}

function isArray(v: unknown): v is StoredArray {
  return v instanceof Float64Array || v instanceof Int32Array;
}

export function modelParts(model: RecsModel): ModelParts {
  const arrays = new Map<string, StoredArray>();
  const walk = (v: unknown, path: string): unknown => {
    if (isArray(v)) {
      arrays.set(path, v);
      return { $array: path };
    }
    if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
  };
  return { meta: walk(model, ''), arrays };
}

export function modelFromParts(meta: unknown, arrays: ReadonlyMap<string, StoredArray>): RecsModel {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
    const ref = (v as { $array?: unknown }).$array;
    if (typeof ref === 'string') {
      const a = arrays.get(ref);
      if (!a) throw new Error(`The stored model lacks its array "${ref}": it is incomplete; train it again.`);
      return a;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(meta) as RecsModel;
}

/** An array as bytes (little-endian, as typed arrays are on every platform Assay runs on) and back. */
export function arrayBytes(a: StoredArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function arrayFromBytes(dtype: 'f64' | 'i32', bytes: Uint8Array): StoredArray {
  const copy = bytes.slice();
  return dtype === 'f64' ? new Float64Array(copy.buffer, 0, copy.byteLength / 8) : new Int32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function dtypeOf(a: StoredArray): 'f64' | 'i32' {
  return a instanceof Float64Array ? 'f64' : 'i32';
}
