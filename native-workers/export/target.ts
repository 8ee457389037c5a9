import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';

export type ExportTarget =
  | { readonly kind: 'folder'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'azure'; readonly container: string; readonly prefix: string };

/** `DIR`, `s3://BUCKET/PREFIX` or `azure://CONTAINER/PREFIX` (prefix optional; kept without slashes at the ends). */
export function parseTarget(to: string): ExportTarget {
  const t = to.trim();
  if (!t) throw new AssayError('BAD_INPUT', 'Say where to export: a folder, s3://BUCKET/PREFIX or azure://CONTAINER/PREFIX.');
  const m = /^([a-z0-9]+):\/\/([^/]*)\/?(.*)$/i.exec(t);
  if (!m) return { kind: 'folder', path: path.resolve(t) };
  const [, scheme, bucket, rest] = m as unknown as [string, string, string, string];
  const prefix = rest.replace(/^\/+|\/+$/g, '');
  if (!bucket) throw new AssayError('BAD_INPUT', `"${t}" names no bucket or container.`);
  if (scheme.toLowerCase() === 's3') return { kind: 's3', bucket, prefix };
  if (scheme.toLowerCase() === 'azure') return { kind: 'azure', container: bucket, prefix };
  throw new AssayError('BAD_INPUT', `Unknown target "${scheme}://": use a folder, s3://BUCKET/PREFIX or azure://CONTAINER/PREFIX.`);
}
