/** The Sources panel's forms as plain strings, and their conversion to contract specs (with the reason when they don't convert). */
import type { ConnectionConfig, ConnectionInfo, DbKind, HttpAuth, HttpSourceSpec, Pagination, SecretRef } from '../../../preload/contract/sources';

export interface ConnDraft {
  readonly name: string;
  readonly kind: DbKind;
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly user: string;
  readonly secret: SecretRef['kind'];
  /** The env variable name or the credentials file path, by `secret`. */
  readonly secretWhere: string;
  readonly sslMode: 'disable' | 'require' | 'verify-full';
  readonly caFile: string;
}

export const emptyConnDraft: ConnDraft = { name: '', kind: 'postgres', host: '127.0.0.1', port: '', database: '', user: '', secret: 'env', secretWhere: '', sslMode: 'disable', caFile: '' };

export function draftOf(c: ConnectionInfo): ConnDraft {
  const s = c.secret ?? { kind: 'none' };
  return {
    name: c.name,
    kind: c.kind,
    host: c.host ?? '',
    port: c.port ? String(c.port) : '',
    database: c.database,
    user: c.user ?? '',
    secret: s.kind,
    secretWhere: s.kind === 'env' ? (s.name ?? '') : s.kind === 'file' ? s.path : '',
    sslMode: c.ssl?.mode ?? 'disable',
    caFile: c.ssl?.caFile ?? '',
  };
}

export function configOf(d: ConnDraft): ConnectionConfig | { reason: string } {
  if (!d.database.trim()) return { reason: d.kind === 'sqlite' ? 'Give the SQLite file path.' : 'Give the database name.' };
  const port = d.port.trim() ? Number(d.port) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) return { reason: `Port ${d.port} is not 1..65535.` };
  if (d.kind === 'sqlite') return { kind: 'sqlite', database: d.database.trim() };
  if (d.secret === 'file' && !d.secretWhere.trim()) return { reason: 'Give the credentials file path.' };
  const secret: SecretRef =
    d.secret === 'env' ? { kind: 'env', ...(d.secretWhere.trim() ? { name: d.secretWhere.trim() } : {}) } : d.secret === 'file' ? { kind: 'file', path: d.secretWhere.trim() } : { kind: d.secret };
  return {
    kind: d.kind,
    host: d.host.trim() || 'localhost',
    ...(port ? { port } : {}),
    database: d.database.trim(),
    ...(d.user.trim() ? { user: d.user.trim() } : {}),
    ...(d.sslMode !== 'disable' ? { ssl: { mode: d.sslMode, ...(d.caFile.trim() ? { caFile: d.caFile.trim() } : {}) } } : {}),
    secret,
  };
}

export interface ApiDraft {
  readonly url: string;
  readonly recordsPath: string;
  readonly paginate: Pagination['kind'];
  /** Page parameter or cursor field, by `paginate`. */
  readonly paginateWhat: string;
  readonly auth: 'none' | 'bearer' | 'api-key' | 'basic';
  /** Header name (api-key) or user (basic). */
  readonly authWhat: string;
  /** Env variable holding the secret. */
  readonly secretEnv: string;
  readonly maxRps: string;
  readonly name: string;
}

export const emptyApiDraft: ApiDraft = { url: '', recordsPath: '', paginate: 'none', paginateWhat: '', auth: 'none', authWhat: '', secretEnv: 'ASSAY_API_SECRET', maxRps: '5', name: '' };

export function apiSpecOf(d: ApiDraft): HttpSourceSpec | { reason: string } {
  if (!/^https?:\/\//i.test(d.url.trim())) return { reason: 'Give the full http:// or https:// URL of the API.' };
  let pagination: Pagination = { kind: 'none' };
  if (d.paginate === 'page') pagination = { kind: 'page', param: d.paginateWhat.trim() || 'page' };
  if (d.paginate === 'cursor') {
    if (!d.paginateWhat.trim()) return { reason: 'Say which response field holds the next cursor.' };
    pagination = { kind: 'cursor', field: d.paginateWhat.trim() };
  }
  if (d.paginate === 'link') pagination = { kind: 'link' };
  const secret: SecretRef = { kind: 'env', name: d.secretEnv.trim() || 'ASSAY_API_SECRET' };
  let auth: HttpAuth = { kind: 'none' };
  if (d.auth === 'bearer') auth = { kind: 'bearer', secret };
  if (d.auth === 'api-key') auth = { kind: 'api-key', in: 'header', name: d.authWhat.trim() || 'X-API-Key', secret };
  if (d.auth === 'basic') auth = { kind: 'basic', user: d.authWhat.trim(), secret };
  const rps = Number(d.maxRps);
  return {
    url: d.url.trim(),
    recordsPath: d.recordsPath.trim(),
    pagination,
    auth,
    ...(Number.isFinite(rps) && rps > 0 ? { maxRps: rps } : {}),
    ...(d.name.trim() ? { name: d.name.trim() } : {}),
  };
}
