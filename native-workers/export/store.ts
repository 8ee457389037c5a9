/**
 * Uploading a bundle folder to an object store, resumably:
 * - every bundle file is its own object, with its sha256 in the object's metadata;
 * - manifest.json is deleted first and uploaded LAST, so a prefix is a complete
 *   bundle exactly when manifest.json exists;
 * - an object already there with the same sha256 is skipped, so running the same
 *   upload again after an interruption sends only what is missing;
 * - each object appears whole or not at all (single PUT, or a multipart / block
 *   list committed at the end), so an interruption leaves no corrupt object.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import { manifestName, readManifest, sha256File } from './manifest';

export interface ObjectStore {
  /** Where the credentials came from, never the secret. */
  readonly credentials: string;
  /** Throws a clear error when the bucket/container is missing or the credentials are refused. */
  check(signal: AbortSignal): Promise<void>;
  /** The sha256 stored with an object, or null when it does not exist. */
  existingSha256(key: string, signal: AbortSignal): Promise<string | null>;
  remove(key: string, signal: AbortSignal): Promise<void>;
  put(key: string, file: string, sha256: string, contentType: string, onBytes: (sent: number) => void, signal: AbortSignal): Promise<void>;
}

/** Bundle files uploaded at once (a big file is itself split into parallel parts/blocks). */
export const uploadConcurrency = 4;

export interface UploadOptions {
  readonly signal: AbortSignal;
  /** Bytes sent so far (skipped files count as sent) and the bundle's total. */
  readonly onProgress?: (sent: number, total: number) => void;
}

export interface UploadSummary {
  readonly uploaded: number;
  readonly skipped: number;
  readonly bytes: number;
  readonly seconds: number;
}

const types: Record<string, string> = {
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.md': 'text/markdown',
  '.yml': 'text/yaml',
  '.tf': 'text/plain',
  '.bicep': 'text/plain',
};

export function contentType(file: string): string {
  return types[path.extname(file)] ?? 'application/octet-stream';
}

export function key(prefix: string, file: string): string {
  return prefix ? `${prefix}/${file}` : file;
}

export async function uploadFolder(store: ObjectStore, dir: string, prefix: string, opts: UploadOptions): Promise<UploadSummary> {
  const t0 = Date.now();
  const { signal } = opts;
  const manifest = readManifest(dir);
  const files = [...manifest.files, { path: manifestName, bytes: fs.statSync(path.join(dir, manifestName)).size, sha256: sha256File(path.join(dir, manifestName)) }];
  const total = files.reduce((a, f) => a + f.bytes, 0);
  for (const f of manifest.files) {
    if (sha256File(path.join(dir, f.path)) !== f.sha256) throw new AssayError('IO', `${f.path} changed since the bundle was written; export again.`);
  }
  await store.check(signal);
  // The old manifest goes first: while files are replaced, the prefix must not look complete.
  await store.remove(key(prefix, manifestName), signal);
  // Bundle files go up a few at a time; manifest.json alone, after all of them succeeded.
  const sent = new Map<string, number>();
  const report = (): void => opts.onProgress?.([...sent.values()].reduce((a, b) => a + b, 0), total);
  let uploaded = 0;
  let skipped = 0;
  opts.onProgress?.(0, total);
  const one = async (f: { path: string; bytes: number; sha256: string }): Promise<void> => {
    if (signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    const k = key(prefix, f.path);
    if (f.path !== manifestName && (await store.existingSha256(k, signal)) === f.sha256) {
      skipped++;
    } else {
      await store.put(k, path.join(dir, f.path), f.sha256, contentType(f.path), (n) => {
        sent.set(f.path, Math.min(n, f.bytes));
        report();
      }, signal);
      uploaded++;
    }
    sent.set(f.path, f.bytes);
    report();
  };
  const queue = files.filter((f) => f.path !== manifestName);
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(uploadConcurrency, queue.length) }, async () => {
      for (let f = queue.shift(); f && failures.length === 0; f = queue.shift()) {
        try {
          await one(f);
        } catch (err) {
          failures.push(err);
        }
      }
    }),
  );
  if (failures.length) throw failures[0];
  await one(files.at(-1)!);
  return { uploaded, skipped, bytes: total, seconds: (Date.now() - t0) / 1000 };
}
