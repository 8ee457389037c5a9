import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { connectForBulkWrites } from './open';
import { ProjectStore } from './store';

/** Frames in the file's WAL: it is reset (written from its start again) by each checkpoint. */
function walFrames(file: string): number {
  const size = fs.statSync(`${file}-wal`).size;
  return Math.round((size - 32) / (4096 + 24));
}

/** ~1,500 pages committed in 30 transactions over `db`: past SQLite's default of 1,000, under 8,192. */
function writePages(db: ReturnType<typeof connectForBulkWrites>): void {
  const blob = Buffer.alloc(200_000, 7);
  const insert = db.prepare('INSERT INTO wal_probe (b) VALUES (?)');
  for (let i = 0; i < 30; i++) db.transaction(() => insert.run(blob)).immediate();
}

describe('connectForBulkWrites: autocheckpointPages (#19.2)', () => {
  it('puts the checkpoint off until the WAL holds that many pages; the default checkpoints at 1,000', () => {
    const file = path.join(tempDir(), 'wal.assay');
    const store = ProjectStore.create(file);
    store.db.exec('CREATE TABLE wal_probe (b BLOB) STRICT');
    // The store's own connection would checkpoint on its next commit: it commits nothing below.
    const late = connectForBulkWrites(file, { autocheckpointPages: 8192 });
    writePages(late);
    expect(walFrames(file)).toBeGreaterThan(1400);
    late.close();
    const usual = connectForBulkWrites(file);
    usual.pragma('wal_checkpoint(TRUNCATE)');
    writePages(usual);
    // Checkpointed past 1,000 frames, then the WAL was written again from its start.
    expect(walFrames(file)).toBeLessThan(1100);
    usual.close();
    store.close();
  });
});
