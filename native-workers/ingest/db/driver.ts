/**
 * What the database extractors share: one driver per kind (PostgreSQL,
 * MySQL/MariaDB, SQLite) that connects, lists tables with the database's own
 * row estimates, and opens a streamed reader (binary COPY, a streaming
 * query or a statement iterator) that hands rows over in bounded batches.
 */
import type { ConnectionConfig, SourceColumn, TableEntry } from '../../../preload/contract/sources';
import type { DirectRowSink, SourceValue } from '../writer';

export interface DbReader {
  readonly columns: readonly SourceColumn[];
  /** Up to `max` rows; an empty array at the end. */
  read(max: number): Promise<SourceValue[][]>;
  /**
   * Where the reader decodes bytes itself (PostgreSQL): streams every row straight into `sink`
   * instead of read(), calling `onRows` with the count so far as rows arrive. Resolves at the end
   * with the last non-null value of column `watermarkColumn` (-1: none). Use one or the other.
   */
  pipe?(sink: DirectRowSink, watermarkColumn: number, onRows: (rows: number) => void): Promise<SourceValue>;
  /** Closes the stream (also midway, on cancel). */
  close(): Promise<void>;
}

export interface DbDriver {
  readonly kind: ConnectionConfig['kind'];
  version(): Promise<string>;
  tables(): Promise<TableEntry[]>;
  open(sql: string, params: readonly unknown[]): Promise<DbReader>;
  quote(ident: string): string;
  /** The n-th (1-based) bind parameter. */
  param(n: number): string;
  close(): Promise<void>;
}

/** The error code a driver gives when the server asks for a password and the host resolved none. */
export const NO_PASSWORD = 'ASSAY_NO_PASSWORD';

/** A connection's settings plus the password the host resolved (held in memory only). */
export interface ConnectParams extends ConnectionConfig {
  readonly password: string | null;
}

/** "postgres://user@host:port/db": how a source is named in messages and lineage (never with a password). */
export function describeConnection(c: ConnectionConfig): string {
  if (c.kind === 'sqlite') return `sqlite:${c.database}`;
  const scheme = c.kind === 'postgres' ? 'postgres' : 'mysql';
  const port = c.port ?? (c.kind === 'postgres' ? 5432 : 3306);
  return `${scheme}://${c.user ? `${c.user}@` : ''}${c.host ?? 'localhost'}:${port}/${c.database}`;
}
