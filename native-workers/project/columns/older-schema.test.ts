import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import { loadDataset } from '../../jobs/train/data';
import { datasetPages } from '../dataset-pages';
import { readRows, requireReadyDataset } from '../datasets';
import { migrations } from '../migrations';
import { ProjectStore } from '../store';

describe('a project from before column chunks (schema 16)', () => {
  it('reads read-only without being migrated or written, its datasets row tables', () => {
    const file = path.join(tempDir(), 'v16.assay');
    const raw = new Database(file);
    raw.pragma('application_id = 0x41535359');
    for (let v = 0; v < 16; v++) raw.exec(migrations[v]!);
    raw.pragma('user_version = 16');
    raw.exec(`
      INSERT INTO datasets (id, name, source, status, table_name, row_count, created_at) VALUES (1, 'old', 'o.csv', 'ready', 'ds_1', 2, 'then');
      CREATE TABLE ds_1 (c0 ANY, c1 ANY) STRICT;
      INSERT INTO ds_1 VALUES (1.5, 'a'), (NULL, 'b');
      INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (1, 0, 'x', 'number'), (1, 1, 'y', 'categorical');
    `);
    raw.close();
    const before = fs.readFileSync(file);

    const store = ProjectStore.open(file, { readOnly: true });
    expect(readRows(store.db, 1, 0, 10).rows).toEqual([
      [1.5, 'a'],
      [null, 'b'],
    ]);
    expect([...datasetPages(store.db, requireReadyDataset(store.db, 1), 2, 10)]).toEqual([
      [
        [1.5, 'a'],
        [null, 'b'],
      ],
    ]);
    expect(loadDataset(store.db, 1, () => {}).frame.rows).toBe(2);
    store.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
