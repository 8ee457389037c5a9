import fs from 'node:fs';
import path from 'node:path';
import { busyTimeoutMs, openDatabase, type Db } from './open';
import { AssayError } from '../../preload/contract/errors';
import type { ProjectInfo } from '../../preload/contract/types';
import { migrations, schemaVersion } from './migrations';
import { acquireOwnerLock, holderText, liveLockHolder, type LockOwner, type OwnerLock } from './owner-lock';
import { recoverInterrupted } from './recovery';
import { convertAtOpen, type ConversionProgress } from './columns/convert';

/** 'ASSY': marks a SQLite file as an Assay project (PRAGMA application_id). */
export const assayApplicationId = 0x41535359;

/** How a project is opened: read-only ones are never written. */
export interface OpenOptions {
  readonly readOnly?: boolean;
  /**
   * When another host process writes to the file: 'fail' (the default) refuses with BUSY
   * naming it; 'read-only' opens it read-only instead, saying why in info().readOnlyReason.
   */
  readonly whenLocked?: 'fail' | 'read-only';
  /** How long to wait for the other process to let go before doing the above (ms; default 0). */
  readonly lockWaitMs?: number;
  /** What this process is, written in the lock for whoever finds the project held (`assay serve`). */
  readonly command?: string;
  /** Hears a read-write open convert row datasets to column chunks (convertAtOpen). */
  readonly conversionProgress?: ConversionProgress;
}

/** A project's name: its file name without the .assay extension. */
export function projectName(file: string): string {
  return path.basename(file).replace(/\.assay$/i, '');
}

/**
 * An open project file. WAL while open, checkpoint on close. Read-only projects
 * are opened with SQLITE_OPEN_READONLY, so even a bug cannot write to them.
 */
export class ProjectStore {
  readonly path: string;
  readonly readOnly: boolean;
  readonly db: Db;
  /** Why a project asked for read-write is read-only: another process writes to it. */
  readonly readOnlyReason: string | null;
  private readonly lock: OwnerLock | null;
  /** The process that held the file when it was asked for read-write here; null otherwise. */
  private readonly heldBy: LockOwner | null;

  private constructor(file: string, db: Db, lock: OwnerLock | null, heldBy: LockOwner | null) {
    this.path = file;
    this.db = db;
    this.lock = lock;
    this.readOnly = lock === null;
    this.heldBy = heldBy;
    this.readOnlyReason = heldBy ? lockedText(file, heldBy) : null;
  }

  static create(file: string): ProjectStore {
    const abs = path.resolve(file);
    if (fs.existsSync(abs)) {
      throw new AssayError('BAD_INPUT', `${abs} already exists; open it, or choose another name.`);
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const db = openDatabase(abs);
    try {
      db.pragma(`application_id = ${assayApplicationId}`);
      db.pragma('journal_mode = WAL');
      migrate(db);
    } catch (err) {
      db.close();
      fs.rmSync(abs, { force: true });
      throw err;
    }
    db.close();
    return ProjectStore.open(abs);
  }

  static open(file: string, options: OpenOptions = {}): ProjectStore {
    const abs = path.resolve(file);
    checkProjectFile(abs);
    let lock: OwnerLock | null = null;
    let heldBy: LockOwner | null = null;
    if (options.readOnly !== true) {
      const attempt = acquireOwnerLock(abs, options.lockWaitMs ?? 0, options.command);
      if ('holder' in attempt) {
        heldBy = attempt.holder;
        if (options.whenLocked !== 'read-only') {
          throw new AssayError('BUSY', `${lockedText(abs, heldBy)} Close it there and try again, or open this project read-only.`);
        }
      } else {
        lock = attempt.lock;
      }
    }
    const db = openDatabase(abs, { readonly: lock === null, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      if (lock) {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        migrate(db);
        // Taking the lock means the previous writer is gone: what it left running was interrupted.
        if (lock.first) recoverInterrupted(db);
        convertAtOpen(db, options.conversionProgress);
      }
    } catch (err) {
      db.close();
      lock?.release();
      throw err;
    }
    return new ProjectStore(abs, db, lock, heldBy);
  }

  /** The live host process writing to this file, when this store is read-only and one is. */
  liveWriter(): LockOwner | null {
    return this.lock ? null : liveLockHolder(this.path);
  }

  /** Asked each time: whether the process that held the file (or one since) writes to it now. */
  info(): ProjectInfo {
    return { path: this.path, name: projectName(this.path), readOnly: this.readOnly, schemaVersion, ...this.heldState() };
  }

  private heldState(): Pick<ProjectInfo, 'readOnlyReason' | 'writerGone'> {
    if (!this.heldBy) return {};
    const writer = this.liveWriter();
    if (writer) return { readOnlyReason: `${lockedText(this.path, writer)} It is open read-only here; when that process lets go, you can reopen it for editing.` };
    return { readOnlyReason: `${path.basename(this.path)} was being written by ${holderText(this.heldBy)} when it was opened here; that process has let go of it: reopen it for editing.`, writerGone: true };
  }

  /** "Save as": a compact, consistent copy of the whole project, taken with VACUUM INTO. */
  saveCopy(target: string): string {
    const abs = path.resolve(target);
    if (abs === this.path) throw new AssayError('BAD_INPUT', 'Save As needs a different file name.');
    if (fs.existsSync(abs)) {
      throw new AssayError('BAD_INPUT', `${abs} already exists; choose another name.`);
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    this.db.prepare('VACUUM INTO ?').run(abs);
    return abs;
  }

  close(): void {
    try {
      if (!this.db.open) return;
      if (!this.readOnly) this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

function lockedText(abs: string, holder: LockOwner): string {
  return `${path.basename(abs)} is being written by ${holderText(holder)}.`;
}

/** Refuses, without writing a byte, anything that is not an Assay project this version can read. */
export function checkProjectFile(abs: string): void {
  if (!fs.existsSync(abs)) throw new AssayError('NOT_FOUND', `${abs} does not exist.`);
  if (fs.statSync(abs).isDirectory()) throw new AssayError('NOT_ASSAY', `${abs} is a folder, not an Assay project.`);
  let db: Db | undefined;
  try {
    db = openDatabase(abs, { readonly: true, fileMustExist: true });
    const appId = Number(db.pragma('application_id', { simple: true }));
    const version = Number(db.pragma('user_version', { simple: true }));
    if (appId !== assayApplicationId) {
      throw new AssayError('NOT_ASSAY', `${path.basename(abs)} is not an Assay project (it is an SQLite database of another program).`);
    }
    if (version > schemaVersion) {
      throw new AssayError(
        'NEWER_SCHEMA',
        `${path.basename(abs)} was saved by a newer Assay (schema ${version}; this version reads up to ${schemaVersion}). Update Assay to open it.`,
      );
    }
  } catch (err) {
    if (err instanceof AssayError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new AssayError('NOT_ASSAY', `${path.basename(abs)} is not an Assay project (not an SQLite file).`, message);
  } finally {
    db?.close();
  }
}

/**
 * Foreign keys are off while migrations run (SQLite cannot switch them inside a transaction):
 * rebuilding a parent table drops the old one, which with them on would delete every child row.
 * Each migration is checked with foreign_key_check before it commits instead.
 */
function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current >= migrations.length) return;
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  db.pragma('foreign_keys = OFF');
  try {
    for (let v = current; v < migrations.length; v++) {
      db.transaction(() => {
        // Compared with what was there before: an old file may hold orphans a migration did not make.
        const before = (db.pragma('foreign_key_check') as unknown[]).length;
        db.exec(migrations[v]);
        const after = (db.pragma('foreign_key_check') as unknown[]).length;
        if (after > before) throw new AssayError('INTERNAL', `Migration ${v + 1} would break ${after - before} references; the project was not changed.`);
        db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`);
  }
}

