import fs from 'node:fs';
import path from 'node:path';
import { busyTimeoutMs, openDatabase, type Db } from './open';
import { AssayError } from '../../preload/contract/errors';
import type { ProjectInfo } from '../../preload/contract/types';
import { migrations, schemaVersion } from './migrations';
import { recoverInterrupted } from './recovery';

/** 'ASSY': marks a SQLite file as an Assay project (PRAGMA application_id). */
export const assayApplicationId = 0x41535359;

/** How a project is opened: read-only ones are never written. */
export interface OpenOptions {
  readonly readOnly?: boolean;
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

  private constructor(file: string, db: Db, readOnly: boolean) {
    this.path = file;
    this.db = db;
    this.readOnly = readOnly;
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
    const readOnly = options.readOnly === true;
    checkProjectFile(abs);
    const db = openDatabase(abs, { readonly: readOnly, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      if (!readOnly) {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        migrate(db);
        recoverInterrupted(db);
      }
    } catch (err) {
      db.close();
      throw err;
    }
    return new ProjectStore(abs, db, readOnly);
  }

  info(): ProjectInfo {
    return { path: this.path, name: projectName(this.path), readOnly: this.readOnly, schemaVersion };
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
    if (!this.db.open) return;
    if (!this.readOnly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
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

function migrate(db: Db): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

