import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../preload/contract/errors';
import { tempDir } from '../../main/host/testing';
import { schemaVersion } from './migrations';
import { assayApplicationId, ProjectStore } from './store';

const dir = tempDir();
let n = 0;
const fresh = (): string => path.join(dir, `p${++n}.assay`);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof AssayError ? err.code : `not an AssayError: ${String(err)}`;
  }
  return 'no error';
}

describe('ProjectStore', () => {
  it('creates a marked, migrated, WAL, STRICT project', () => {
    const file = fresh();
    const store = ProjectStore.create(file);
    expect(store.db.pragma('application_id', { simple: true })).toBe(assayApplicationId);
    expect(store.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = store.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'alert_deliveries',
      'alert_events',
      'alert_rules',
      'cluster_merges',
      'connections',
      'dataset_chunks',
      'dataset_columns',
      'dataset_rules',
      'datasets',
      'image_embeddings',
      'image_model_versions',
      'image_models',
      'image_runs',
      'image_sets',
      'images',
      'lineage',
      'log_rejects',
      'model_versions',
      'monitor_references',
      'monitor_settings',
      'prediction_feedback',
      'predictions',
      'profiles',
      'quarantine',
      'recipe_applications',
      'recipes',
      'recording_offsets',
      'recordings',
      'recs_events',
      'recs_model_arrays',
      'recs_models',
      'recs_runs',
      'registered_models',
      'retrain_settings',
      'retrains',
      'runs',
      'serving_events',
      'source_files',
      'source_state',
      'stage_events',
      'stream_events',
      'stream_offsets',
      'streams',
      'train_folds',
      'train_models',
      'train_runs',
      'watched_folders',
    ]);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    store.close();
    // Checkpointed on close: no WAL left behind.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses to create over an existing file', () => {
    const file = fresh();
    fs.writeFileSync(file, 'x');
    expect(codeOf(() => ProjectStore.create(file))).toBe('BAD_INPUT');
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('refuses a file that is not SQLite, and writes nothing to it', () => {
    const file = fresh();
    fs.writeFileSync(file, 'id,name\n1,a\n');
    expect(codeOf(() => ProjectStore.open(file))).toBe('NOT_ASSAY');
    expect(fs.readFileSync(file, 'utf8')).toBe('id,name\n1,a\n');
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses another program's SQLite database untouched", () => {
    const file = fresh();
    const other = new Database(file);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const before = fs.readFileSync(file);
    expect(codeOf(() => ProjectStore.open(file))).toBe('NOT_ASSAY');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a project from a newer schema untouched', () => {
    const file = fresh();
    ProjectStore.create(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    const before = fs.readFileSync(file);
    let message = '';
    try {
      ProjectStore.open(file);
    } catch (err) {
      message = (err as Error).message;
      expect((err as AssayError).code).toBe('NEWER_SCHEMA');
    }
    expect(message).toMatch(/newer Assay/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a missing file as NOT_FOUND', () => {
    expect(codeOf(() => ProjectStore.open(path.join(dir, 'nope.assay')))).toBe('NOT_FOUND');
  });

  it('opens read-only so that SQLite itself refuses writes', () => {
    const file = fresh();
    ProjectStore.create(file).close();
    const ro = ProjectStore.open(file, { readOnly: true });
    expect(ro.info().readOnly).toBe(true);
    expect(() => ro.db.prepare("INSERT INTO lineage (event, detail, at) VALUES ('x', '{}', 'now')").run()).toThrow(/readonly/);
    ro.close();
  });

  it('saves a consistent copy with VACUUM INTO', () => {
    const file = fresh();
    const store = ProjectStore.create(file);
    store.db.prepare("INSERT INTO lineage (event, detail, at) VALUES ('note', '{}', 'now')").run();
    const copy = store.saveCopy(path.join(dir, 'copy.assay'));
    store.close();
    const reopened = ProjectStore.open(copy, { readOnly: true });
    expect(reopened.db.prepare('SELECT count(*) AS n FROM lineage').get()).toEqual({ n: 1 });
    expect(reopened.db.pragma('application_id', { simple: true })).toBe(assayApplicationId);
    reopened.close();
    expect(codeOf(() => ProjectStore.open(copy).saveCopy(copy))).toBe('BAD_INPUT');
  });

  it('marks an interrupted import failed-and-gone and stale runs failed on reopen', () => {
    const file = fresh();
    const store = ProjectStore.create(file);
    store.db.exec(`INSERT INTO datasets (id, name, source, status, table_name, created_at) VALUES (7, 'half', 'x.csv', 'importing', 'ds_7', 'now');
      CREATE TABLE ds_7 (c0 ANY) STRICT; INSERT INTO ds_7 VALUES (1);
      INSERT INTO runs (kind, spec, status, created_at) VALUES ('import', '{}', 'running', 'now');`);
    store.db.close(); // no checkpoint: like a crash
    store.close(); // lets go of the lock only, as a dead owner's lock is broken
    const reopened = ProjectStore.open(file);
    expect(reopened.db.prepare('SELECT count(*) AS n FROM datasets').get()).toEqual({ n: 0 });
    expect(reopened.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ds_7'").get()).toEqual({ n: 0 });
    const run = reopened.db.prepare('SELECT status, error FROM runs').get() as { status: string; error: string };
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/Interrupted/);
    reopened.close();
  });
});
