/**
 * A trained model as JSON plus named typed arrays (the project stores each array as a BLOB; a
 * bundle can write them as files), and back. Every typed-array field of a model, at any depth,
 * becomes a named array ("collaborative.itemFactors"); everything else stays in the JSON.
 */
import { RecsInputError } from './errors';
import type { Csr } from './csr';
import type { RecsModel } from './model';

/**
 * What a run stores and serving loads: the model trained on every interaction, and each
 * user's history (for exclude-seen, item-kNN's scores and fold-in after new events).
 */
export interface RecsArtifact {
  readonly model: RecsModel;
  readonly userIds: readonly string[];
  /** users × items, the weights the model was trained on. */
  readonly history: Pick<Csr, 'indptr' | 'indices' | 'data'>;
  /** How served events combine with the history: implicit weights add up, an explicit rating replaces the last (absent: implicit, as artifacts stored before it). */
  readonly feedback?: 'implicit' | 'explicit';
}

export type StoredArray = Float64Array | Int32Array;

export interface ModelParts {
  /** The model with each array replaced by {"$array": name}. */
  readonly meta: unknown;
  readonly arrays: ReadonlyMap<string, StoredArray>;
}

function isArray(v: unknown): v is StoredArray {
  return v instanceof Float64Array || v instanceof Int32Array;
}

export function toParts(value: object): ModelParts {
  const arrays = new Map<string, StoredArray>();
  const walk = (v: unknown, path: string): unknown => {
    if (isArray(v)) {
      arrays.set(path, v);
      return { $array: path };
    }
    if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
  };
  return { meta: walk(value, ''), arrays };
}

function fromParts(meta: unknown, arrays: ReadonlyMap<string, StoredArray>): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
    const ref = (v as { $array?: unknown }).$array;
    if (typeof ref === 'string') {
      const a = arrays.get(ref);
      if (!a) throw new RecsInputError(`The stored model lacks its array "${ref}": it is incomplete; train it again.`);
      return a;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(meta);
}

export function modelParts(model: RecsModel): ModelParts {
  return toParts(model);
}

export function modelFromParts(meta: unknown, arrays: ReadonlyMap<string, StoredArray>): RecsModel {
  return fromParts(meta, arrays) as RecsModel;
}

export function artifactParts(a: RecsArtifact): ModelParts {
  return toParts(a);
}

export function artifactFromParts(meta: unknown, arrays: ReadonlyMap<string, StoredArray>): RecsArtifact {
  return fromParts(meta, arrays) as RecsArtifact;
}

/** An array as bytes (little-endian, as typed arrays are on every platform Assay runs on) and back. */
export function arrayBytes(a: StoredArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function arrayFromBytes(dtype: 'f64' | 'i32', bytes: Uint8Array): StoredArray {
  // A copy into a fresh, aligned buffer (a Node Buffer's slice() would be a view into a shared pool).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return dtype === 'f64' ? new Float64Array(copy.buffer, 0, copy.byteLength / 8) : new Int32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function dtypeOf(a: StoredArray): 'f64' | 'i32' {
  return a instanceof Float64Array ? 'f64' : 'i32';
}
