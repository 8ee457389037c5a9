/**
 * Worker-thread entry of WalCheckpointer (wal-checkpointer.ts): copies a bulk write's WAL into the
 * project file while the write goes on, over a connection of its own, so the copy and its fsyncs
 * overlap the import instead of stalling its last commit.
 */
import { workerData } from 'node:worker_threads';
import { checkpointPassive, connectForBulkWrites } from '../project/open';
import { CHECKPOINT, type WalCheckpointerSetup } from './wal-checkpointer';

const { dbPath, ctrl, commitsPerCheckpoint } = workerData as WalCheckpointerSetup;

let db: ReturnType<typeof connectForBulkWrites> | null = null;
try {
  // synchronous = NORMAL, as the writers': a checkpoint fsyncs the WAL before copying and the file after.
  db = connectForBulkWrites(dbPath);
  let done = 0;
  for (;;) {
    const commits = Atomics.load(ctrl, CHECKPOINT.commits);
    if (Atomics.load(ctrl, CHECKPOINT.stop) !== 0) break;
    if (commits - done < commitsPerCheckpoint) {
      Atomics.wait(ctrl, CHECKPOINT.commits, commits, 1000);
      continue;
    }
    done = commits;
    checkpointPassive(db);
    Atomics.add(ctrl, CHECKPOINT.runs, 1);
  }
} catch {
  // A checkpoint that fails costs nothing but speed: the writers' own checkpoints still run.
} finally {
  db?.close();
  Atomics.store(ctrl, CHECKPOINT.done, 1);
  Atomics.notify(ctrl, CHECKPOINT.done);
}
