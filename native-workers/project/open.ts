import Database from 'better-sqlite3';

/** A connection to a project file (or, for the SQLite source reader, another SQLite file). */
export type Db = Database.Database;

/** How long a connection waits for another one's write lock before failing with SQLITE_BUSY. */
export const busyTimeoutMs = 10_000;

/**
 * Opens SQLite through better-sqlite3. Under Electron the addon must be built
 * for Electron's ABI while the CLI needs Node's, so Electron's entry sets
 * ASSAY_SQLITE_BINDING to a separate Electron build (see main/start.ts); every
 * process it starts (workers included) inherits it.
 */
export function openDatabase(file: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Db {
  const nativeBinding = process.env['ASSAY_SQLITE_BINDING'];
  return new Database(file, nativeBinding ? { ...options, nativeBinding } : options);
}

/**
 * Opens an existing project for a job, a thread or a test: the busy timeout and
 * foreign keys, no checks or migrations (the host's ProjectStore did those).
 */
export function connect(file: string, readOnly: boolean): Db {
  const db = openDatabase(file, { readonly: readOnly, fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (!readOnly) db.pragma('foreign_keys = ON');
  return db;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Opens an existing project for bulk appends (an import and its row-writer thread): the busy
 * timeout, synchronous = NORMAL (WAL + NORMAL cannot corrupt the file; at worst the last batches
 * vanish on power loss, and a dataset only becomes visible in its final transaction anyway) and a
 * page cache of `cacheKiB`. Foreign keys stay off, as these connections have always run.
 */
export function connectForAppend(file: string, cacheKiB: number): Db {
  const db = openDatabase(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${cacheKiB}`);
  return db;
}
