/**
 * Databases and HTTP JSON APIs as data sources. Pure, JSON-safe types.
 * Secrets never travel in these types' stored forms: a connection keeps only
 * where its password is found (`SecretRef`), never the password itself.
 */
import type { Cell, ColumnType } from './types';
import type { ImportPrivacy } from './governance';
import type { Recipe } from './recipe';
import type { RuleSet } from './rules';
import type { SchemaOverrides } from './schema';

export type DbKind = 'postgres' | 'mysql' | 'sqlite';

/** Where a password comes from. None of these is stored with the secret itself. */
export type SecretRef =
  | { readonly kind: 'none' }
  /** An environment variable of the host: PGPASSWORD / MYSQL_PWD by default, or a named one. */
  | { readonly kind: 'env'; readonly name?: string }
  /** A credentials file the user names: JSON {"password": …} or .pgpass lines; must be mode 0600. */
  | { readonly kind: 'file'; readonly path: string }
  /** The OS keychain through Electron safeStorage (desktop app only). */
  | { readonly kind: 'keychain' };

export type SslMode = 'disable' | 'require' | 'verify-full';

export interface ConnectionConfig {
  readonly kind: DbKind;
  /** postgres/mysql: host name; sqlite: unused. */
  readonly host?: string;
  readonly port?: number;
  /** postgres/mysql: the database name; sqlite: the file path. */
  readonly database: string;
  readonly user?: string;
  readonly ssl?: { readonly mode: SslMode; readonly caFile?: string };
  readonly secret?: SecretRef;
}

export interface ConnectionInfo extends ConnectionConfig {
  readonly id: number;
  readonly name: string;
  readonly createdAt: string;
}

export interface ConnectionTest {
  readonly ok: boolean;
  readonly message: string;
  /** e.g. "PostgreSQL 15.8" */
  readonly serverVersion: string | null;
  readonly ms: number;
}

export interface TableEntry {
  readonly schema: string | null;
  readonly name: string;
  readonly kind: 'table' | 'view';
  /** The database's own estimate (pg_class.reltuples, information_schema table_rows, sqlite count); null when unknown. */
  readonly rowEstimate: number | null;
}

/** A table, or a SQL query of the user's own. */
export type DbSelection = { readonly table: string; readonly schema?: string } | { readonly query: string };

export interface SourceColumn {
  readonly name: string;
  /** The database's type name (int8, varchar, …). */
  readonly dbType: string;
  readonly type: ColumnType;
  /** Set when a type has no mapping and the value is stored as its text form. */
  readonly note?: string;
}

export interface SourcePreview {
  readonly columns: readonly SourceColumn[];
  readonly rows: readonly (readonly Cell[])[];
}

/** The same optional ingest fields as a file import (see ImportSpec): the same row stages run. */
export interface PipelineFields {
  readonly schema?: SchemaOverrides;
  readonly rules?: RuleSet;
  readonly recipe?: Recipe;
  readonly privacy?: ImportPrivacy;
}

/** What a database source is called for its stored recipe, as a file is by its name (sourceKeyOf is taken of it). */
export function dbSourceName(kind: DbKind, select: DbSelection): string {
  return `${kind}-${'query' in select ? 'query' : select.table}`;
}

/** What an API source is called for its stored recipe: its URL without the query, which may hold a key or a page number. */
export function httpSourceName(url: string): string {
  return url.split(/[?#]/)[0] ?? url;
}

export interface Incremental {
  /** A column that only grows: updated_at, or an increasing id. */
  readonly column: string;
  /** With a key, a row seen again replaces its previous version (upsert); without, rows are appended. */
  readonly key?: string;
}

export interface DbImportSpec extends PipelineFields {
  /** A saved connection, or one given inline (CLI). */
  readonly connectionId?: number;
  readonly connection?: ConnectionConfig;
  readonly select: DbSelection;
  readonly name?: string;
  readonly incremental?: Incremental;
}

export type HttpAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'api-key'; readonly in: 'header' | 'query'; readonly name: string; readonly secret: SecretRef }
  | { readonly kind: 'bearer'; readonly secret: SecretRef }
  | { readonly kind: 'basic'; readonly user: string; readonly secret: SecretRef }
  | { readonly kind: 'oauth2'; readonly tokenUrl: string; readonly clientId: string; readonly secret: SecretRef; readonly scope?: string };

export type Pagination =
  | { readonly kind: 'none' }
  /** ?PARAM=1,2,3… (or an offset when `offset` is set: ?PARAM=0,N,2N…) until a page has no records. */
  | { readonly kind: 'page'; readonly param: string; readonly start?: number; readonly offset?: boolean; readonly sizeParam?: string; readonly size?: number }
  /** The next cursor is a field of the response (dot path); sent back as ?PARAM=cursor. */
  | { readonly kind: 'cursor'; readonly field: string; readonly param?: string }
  /** RFC 5988 Link header, rel="next". */
  | { readonly kind: 'link' };

export interface HttpSourceSpec extends PipelineFields {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly auth?: HttpAuth;
  readonly pagination?: Pagination;
  /** Dot path to the array of records in each response ('' = the response is the array). */
  readonly recordsPath?: string;
  /** Requests per second at most (default 5). */
  readonly maxRps?: number;
  /** Pages at most (default 10,000): an endless pagination stops here with an error. */
  readonly maxPages?: number;
  /** Retries per request on 5xx, 429 and network errors (default 5). */
  readonly retries?: number;
  readonly name?: string;
}

export interface HttpPreview {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly status: number;
  /** Where the next page would come from, in words (no secrets). */
  readonly next: string | null;
}

/** A dataset fed by a database or an API: what refresh and resume need. */
export interface SourceState {
  readonly datasetId: number;
  readonly datasetName: string;
  readonly kind: 'db' | 'http';
  /** The spec without secrets (a connection is referenced by id or given without password). */
  readonly spec: DbImportSpec | HttpSourceSpec;
  readonly watermark: string | number | null;
  /** HTTP: where a failed pull continues (next URL / cursor / page) and rows written so far. */
  readonly position: { readonly next: string | null; readonly rows: number; readonly pages: number } | null;
  readonly status: 'ready' | 'resumable';
  readonly scheduleMinutes: number | null;
  readonly lastRefreshAt: string | null;
}

export interface SourceImportResult {
  readonly datasetId: number;
  readonly name: string;
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly rowsQuarantined: number;
  /** Refresh: rows that replaced an earlier version of themselves (by key). */
  readonly rowsUpdated: number;
  readonly watermark: string | number | null;
  readonly pages?: number;
  readonly requests?: number;
  readonly seconds: number;
  /** Failures per validation rule, when rules ran. */
  readonly rules?: Readonly<Record<string, number>>;
  /** Rows the cleansing recipe changed, when one ran. */
  readonly rowsChanged?: number;
  /** Set when every row was quarantined (see import-warning.ts). */
  readonly warning?: string;
}
