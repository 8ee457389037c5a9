import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../../main/host/testing';
import { blobWriter } from '../project/inspect';
import { checkpointPassive, connectForBulkWrites } from '../project/open';
import { ProjectStore } from '../project/store';
import { CHECKPOINT, WalCheckpointer } from './wal-checkpointer';

// Inside the repository, so the bundle's require('better-sqlite3') finds node_modules.
const threadFile = path.resolve(__dirname, '../../node_modules/.cache/assay-tests/wal-checkpoint-thread.cjs');

beforeAll(async () => {
  await build({ entryPoints: [path.join(__dirname, 'wal-checkpoint-thread.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: threadFile, logLevel: 'warning' });
});

describe('WalCheckpointer', () => {
  it('copies the WAL into the file every few commits while the writer goes on, and stop() returns once it has let go', async () => {
    const file = path.join(tempDir(), 'ckpt.assay');
    ProjectStore.create(file).close();
    // A writer that never checkpoints itself: whatever reaches the file got there through the thread.
    const db = connectForBulkWrites(file, { autocheckpointPages: 0 });
    const insert = blobWriter(db);
    const fileSize = (): number => fs.statSync(file).size;
    const before = fileSize();
    const checkpointer = new WalCheckpointer(threadFile, file, 3);
    const commit = (k: number): void => {
      insert(k, Buffer.alloc(256 * 1024, k));
      Atomics.add(checkpointer.ctrl, CHECKPOINT.commits, 1);
      Atomics.notify(checkpointer.ctrl, CHECKPOINT.commits);
      checkpointer.maybeStart();
    };
    // Two commits: fewer than it waits for, so nothing is copied yet.
    commit(1);
    commit(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(checkpointer.runs).toBe(0);
    expect(fileSize()).toBe(before);
    commit(3);
    await waitFor(() => checkpointer.runs === 1, { what: 'the first checkpoint' });
    expect(fileSize()).toBeGreaterThan(before + 3 * 256 * 1024);
    for (const run of [2, 3]) {
      for (let k = 3 * run - 2; k <= 3 * run; k++) commit(k);
      await waitFor(() => checkpointer.runs === run, { what: `checkpoint ${run}` });
    }
    checkpointer.stop();
    expect(Atomics.load(checkpointer.ctrl, CHECKPOINT.done)).toBe(1);
    // Everything committed is in the file: a checkpoint now finds nothing left to copy.
    const left = checkpointPassive(db);
    expect(left.checkpointed).toBe(left.log);
    expect(fileSize()).toBeGreaterThan(before + 9 * 256 * 1024);
    db.close();
  });

  it('stop() returns at once when nothing was committed', () => {
    const file = path.join(tempDir(), 'idle.assay');
    ProjectStore.create(file).close();
    const checkpointer = new WalCheckpointer(threadFile, file);
    const t0 = Date.now();
    checkpointer.stop();
    expect(Atomics.load(checkpointer.ctrl, CHECKPOINT.done)).toBe(1);
    expect(checkpointer.runs).toBe(0);
    expect(Date.now() - t0).toBeLessThan(4_000);
  });
});
