import { AssayError } from '../../../preload/contract/errors';
import type { HttpSourceSpec } from '../../../preload/contract/sources';
import { flattenRecord } from '../../ml/json-records';
import { redactUrl, withoutSecretParams } from '../redact';
import { AuthApplier } from './auth';
import { Fetcher } from './fetcher';
import { getPath } from './paginate';

/** The records of one response, flattened like JSON files (nested keys joined with dots, arrays as JSON text). */
export function recordsOf(doc: unknown, path: string, url: string): Record<string, string>[] {
  const arr = getPath(doc, path);
  if (arr === undefined && path) throw new AssayError('BAD_INPUT', `${redactUrl(url)} has no "${path}" in its response; set the records path to where the array of records is.`);
  if (!Array.isArray(arr)) {
    throw new AssayError('BAD_INPUT', `The records path "${path || '(the whole response)'}" of ${redactUrl(url)} is ${arr === null ? 'null' : typeof arr}, not an array of records.`);
  }
  return arr.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r) ? flattenRecord(r as Parameters<typeof flattenRecord>[0]) : { value: r === null ? '' : typeof r === 'object' ? JSON.stringify(r) : String(r) }));
}

export function fetcherFor(spec: HttpSourceSpec, secret: string | null, signal: AbortSignal): { fetcher: Fetcher; auth: AuthApplier } {
  const auth = new AuthApplier(spec.auth ?? { kind: 'none' }, secret, signal);
  const fetcher = new Fetcher(
    {
      method: spec.method ?? 'GET',
      headers: spec.headers ?? {},
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      maxRps: spec.maxRps ?? 5,
      retries: spec.retries ?? 5,
      signal,
      secret,
    },
    auth,
  );
  return { fetcher, auth };
}

export function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AssayError('BAD_INPUT', `"${redactUrl(url)}" is not a URL; give a full http:// or https:// address.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AssayError('BAD_INPUT', `${redactUrl(url)}: only http:// and https:// APIs can be pulled.`);
  if (u.username || u.password) throw new AssayError('BAD_INPUT', `Put credentials in the authentication settings, not in the URL (${redactUrl(url)}).`);
}

/**
 * A URL as it may be stored (a resume position) or shown (a preview's next page): without the
 * auth's query parameter and without any parameter that echoes the secret. The auth adds the
 * key back on each request, so a resume from it still authenticates.
 */
export function storableUrl(spec: HttpSourceSpec, secret: string | null, url: string): string {
  const auth = spec.auth;
  return withoutSecretParams(url, secret ? [secret] : [], auth?.kind === 'api-key' && auth.in === 'query' ? [auth.name] : []);
}
