import { AssayError } from '../../preload/contract/errors';
import type { ExportCheck } from '../../preload/contract/export';
import type { Env } from './s3-store';
import { uploadFolder, type ObjectStore, type UploadOptions, type UploadSummary } from './store';
import { parseTarget, type ExportTarget } from './target';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The cloud SDKs load on first use (~0.5 s together): every worker process and
 * the host's start-up would otherwise pay for them.
 */
export async function storeFor(target: Exclude<ExportTarget, { kind: 'folder' }>, env: Env): Promise<ObjectStore> {
  if (target.kind === 's3') {
    const { s3Store } = await import('./s3-store');
    return s3Store(target.bucket, env);
  }
  const { azureStore } = await import('./azure-store');
  return azureStore(target.container, env);
}

export async function uploadBundle(dir: string, to: string, opts: UploadOptions & { readonly env?: Env }): Promise<UploadSummary> {
  const target = parseTarget(to);
  if (target.kind === 'folder') throw new AssayError('BAD_INPUT', `${to} is a folder, not an upload target.`);
  return uploadFolder(await storeFor(target, opts.env ?? process.env), dir, target.prefix, opts);
}

/** Can we write there with the credentials at hand? A clear message either way; never a secret. */
export async function checkTarget(to: string, env: Env = process.env, timeoutMs = 15_000): Promise<ExportCheck> {
  let target: ExportTarget;
  try {
    target = parseTarget(to);
  } catch (err) {
    return { ok: false, kind: 'folder', credentials: null, message: err instanceof Error ? err.message : String(err) };
  }
  if (target.kind === 'folder') {
    const p = target.path;
    if (fs.existsSync(p)) {
      if (!fs.statSync(p).isDirectory()) return { ok: false, kind: 'folder', credentials: null, message: `${p} exists and is not a folder.` };
      if (fs.readdirSync(p).length > 0) return { ok: false, kind: 'folder', credentials: null, message: `${p} is not empty; pick a new or empty folder.` };
      return { ok: true, kind: 'folder', credentials: null, message: `${p} is an empty folder: the bundle goes there.` };
    }
    let parent = path.dirname(p);
    while (!fs.existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
    try {
      fs.accessSync(parent, fs.constants.W_OK);
      return { ok: true, kind: 'folder', credentials: null, message: `${p} will be created.` };
    } catch {
      return { ok: false, kind: 'folder', credentials: null, message: `Cannot write in ${parent}.` };
    }
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let credentials: string | null = null;
  try {
    const store = await storeFor(target, env);
    credentials = store.credentials;
    await store.check(signal);
    const where = target.kind === 's3' ? `S3 bucket "${target.bucket}"` : `Azure container "${target.container}"`;
    return { ok: true, kind: target.kind, credentials, message: `${where} is reachable with credentials from ${credentials}.` };
  } catch (err) {
    const message = signal.aborted ? `No answer within ${timeoutMs / 1000} s; check the network or the endpoint.` : err instanceof Error ? err.message : String(err);
    return { ok: false, kind: target.kind, credentials, message };
  }
}
