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

/** Quotes an identifier (a source table's or column's name) for SQL: doubled quotes inside. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** How connectForBulkWrites tunes a connection beyond connect()'s settings. */
export interface BulkWriteOptions {
  /** A loop that must stay responsive (a live stream) waits less for the lock and retries on its next tick. */
  readonly busyMs?: number;
  /** Page cache in KiB (SQLite's default otherwise): an import sizes it to what it touches. */
  readonly cacheKiB?: number;
  /**
   * False for a file import and its row-writer thread (connectForAppend before): they have always
   * run with foreign keys off, and their code is written for it. Removing or discarding a staging
   * dataset there cascades nothing (removeDataset forgets the columns itself; quarantine and
   * lineage are moved over first), and the thread's per-record quarantine inserts skip the parent
   * look-up. Turning them on would change what those deletes take with them.
   */
  readonly foreignKeys?: boolean;
  /**
   * WAL pages after which a commit of this connection checkpoints (SQLite's 1,000, 4 MB, otherwise). A
   * checkpoint fsyncs twice and copies every page the WAL holds, stalling the commit that runs it: a
   * stream's storage thread and an import's row writer (a ~3.5 MB chunk set per commit paid two fsyncs
   * each) set it higher. WAL mode keeps every commit safe from a crash in between.
   */
  readonly autocheckpointPages?: number;
}

/**
 * Opens an existing project for a job that writes much or commits often (an import and its
 * row-writer thread, a stream, a database, API or image import, a training run's embeddings, the
 * prediction log): connect()'s settings, then synchronous = NORMAL, which in WAL mode cannot
 * corrupt the file (at worst the last commits vanish on power loss; a dataset only becomes
 * visible in its final transaction anyway) and spares an fsync per commit.
 */
export function connectForBulkWrites(file: string, options: BulkWriteOptions = {}): Db {
  const { busyMs = busyTimeoutMs, cacheKiB, foreignKeys = true, autocheckpointPages } = options;
  const db = openDatabase(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${busyMs}`);
  if (foreignKeys) db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  if (cacheKiB !== undefined) db.pragma(`cache_size = -${cacheKiB}`);
  if (autocheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
  return db;
}

/**
 * Copies what the WAL holds into the file without waiting for or blocking a writer (PASSIVE):
 * frames a reader still needs stay for later. `log` frames in the WAL, `checkpointed` of them copied.
 */
export function checkpointPassive(db: Db): { log: number; checkpointed: number } {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
  return { log: r!.log, checkpointed: r!.checkpointed };
}
