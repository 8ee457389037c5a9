import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { datasetCells } from './inspect';
import { createImportingDataset, discardDataset } from './datasets';
import { createImageSet, discardImageSet } from './images';
import { migrations, schemaVersion } from './migrations';
import { insertRun } from './runs';
import { ProjectStore } from './store';

const dir = tempDir();

describe('ids are never reused (schema 12)', () => {
  it('a deleted dataset, run or image set leaves its id unused', () => {
    const store = ProjectStore.create(path.join(dir, 'ids.assay'));
    const db = store.db;
    try {
      const a = createImportingDataset(db, 'a', 'a.csv').id;
      const b = createImportingDataset(db, 'b', 'b.csv').id;
      discardDataset(db, b);
      // With plain INTEGER PRIMARY KEY the next dataset would be b again, its table ds_<b> too.
      const c = createImportingDataset(db, 'c', 'c.csv').id;
      expect([a, b, c]).toEqual([1, 2, 3]);

      const run = insertRun(db, 'profile', {});
      db.prepare('DELETE FROM runs WHERE id = ?').run(run);
      expect(insertRun(db, 'profile', {})).toBe(run + 1);

      const set = createImageSet(db, 's', 'folder', {});
      discardImageSet(db, set);
      expect(createImageSet(db, 's', 'folder', {})).toBe(set + 1);

      db.prepare("INSERT INTO streams (name, source, pipeline, table_name, created_at) VALUES ('s', '{}', '{}', 't', 'now')").run();
      const stream = Number((db.prepare('SELECT max(id) AS id FROM streams').get() as { id: number }).id);
      db.prepare('DELETE FROM streams WHERE id = ?').run(stream);
      db.prepare("INSERT INTO streams (name, source, pipeline, table_name, created_at) VALUES ('s', '{}', '{}', 't', 'now')").run();
      expect((db.prepare('SELECT max(id) AS id FROM streams').get() as { id: number }).id).toBe(stream + 1);
    } finally {
      store.close();
    }
  });

  it('upgrades a schema-11 project keeping every row, child rows included, and starts past ids still named', () => {
    const file = path.join(dir, 'v11.assay');
    const raw = new Database(file);
    raw.pragma('application_id = 0x41535359');
    raw.pragma('journal_mode = WAL');
    for (let v = 0; v < 11; v++) raw.exec(migrations[v]);
    raw.pragma('user_version = 11');
    raw.pragma('foreign_keys = OFF'); // as an import's connection writes
    raw.exec(`
      INSERT INTO datasets (id, name, source, status, table_name, row_count, created_at) VALUES (1, 'kept', 'k.csv', 'ready', 'ds_1', 1, 'then');
      CREATE TABLE ds_1 (c0 ANY) STRICT;
      INSERT INTO ds_1 VALUES (42);
      INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (1, 0, 'x', 'integer');
      INSERT INTO quarantine (dataset_id, line, raw, reason) VALUES (1, 3, 'bad', 'type');
      INSERT INTO profiles (dataset_id, profile, created_at) VALUES (1, '{}', 'then');
      -- Dataset 5 was deleted, but its lineage still names it (ON DELETE SET NULL had not run: an import connection).
      INSERT INTO lineage (dataset_id, event, detail, at) VALUES (5, 'import', '{}', 'then');
      INSERT INTO runs (id, kind, spec, status, created_at) VALUES (2, 'train', '{}', 'succeeded', 'then');
      INSERT INTO train_models (run_id, model, created_at) VALUES (2, '{}', 'then');
      INSERT INTO registered_models (name, created_at) VALUES ('m', 'then');
      INSERT INTO model_versions (name, version, run_id, model, summary, card, created_at) VALUES ('m', 1, 9, '{}', '{}', '{}', 'then');
    `);
    raw.close();

    const store = ProjectStore.open(file);
    const db = store.db;
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
      expect(db.prepare('SELECT name, status, row_count FROM datasets').all()).toEqual([{ name: 'kept', status: 'ready', row_count: 1 }]);
      // The rebuild dropped the old parent table: with foreign keys on, that would have cascaded.
      expect(db.prepare('SELECT count(*) AS n FROM dataset_columns').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM quarantine').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM profiles').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM train_models').get()).toEqual({ n: 1 });
      // Kept through the migrations and the conversion to column chunks at this read-write open.
      expect(datasetCells(db, 1)).toEqual([[42]]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // The orphan it had is still the only one: the migration made none, and refused none it found.
      expect(db.pragma('foreign_key_check')).toEqual([expect.objectContaining({ table: 'lineage', parent: 'datasets' })]);
      expect(createImportingDataset(db, 'new', 'n.csv').id).toBe(6);
      expect(insertRun(db, 'profile', {})).toBe(10);
    } finally {
      store.close();
    }
  });
});
