import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { createImportingDataset, discardDataset } from './datasets';
import { ProjectStore } from './store';

describe('discardDataset', () => {
  it('succeeds while another connection keeps committing (the import worker still storing rows)', async () => {
    const store = ProjectStore.create(path.join(tempDir(), 'busy.assay'));
    store.db.exec('CREATE TABLE busy (x ANY) STRICT');
    // A second connection on its own thread, committing small transactions back to back, as a row-writer thread does.
    const writer = new Worker(
      `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
       const db = new Database(${JSON.stringify(store.path)});
       db.pragma('busy_timeout = 10000');
       const insert = db.prepare('INSERT INTO busy VALUES (?)');
       const batch = db.transaction(() => { for (let i = 0; i < 200; i++) insert.run(i); });
       const end = Date.now() + 1500;
       while (Date.now() < end) batch.immediate();
       db.close();`,
      { eval: true },
    );
    const failures: string[] = [];
    let discarded = 0;
    const end = Date.now() + 1200;
    while (Date.now() < end) {
      const { id } = createImportingDataset(store.db, 'partial', 'test');
      store.db.exec(`CREATE TABLE ds_${id} (a ANY) STRICT`);
      try {
        // It reads the table name, then drops: deferred, a commit in between failed it with SQLITE_BUSY.
        discardDataset(store.db, id);
        discarded++;
      } catch (err) {
        failures.push(String(err));
      }
    }
    await new Promise((resolve) => writer.once('exit', resolve));
    expect(failures).toEqual([]);
    expect(discarded).toBeGreaterThan(50);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'ds_%'").get()).toEqual({ n: 0 });
    store.close();
  });
});
