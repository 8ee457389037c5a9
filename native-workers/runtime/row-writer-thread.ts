/**
 * Worker-thread entry of RowWriterThread: inserts the batches the import thread packs (see
 * row-batch.ts) into the dataset's table, or encodes and writes the column chunks it fills (see
 * column-batch.ts), over its own connection, one transaction each, so storing overlaps parsing
 * and converting on the second core. It buffers nothing: a drain only waits for it.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BatchInserter } from '../project/batch-insert';
import { chunkWriter } from '../project/columns/chunk-store';
import { insertRowBatch, type RowBatch } from './row-batch';
import { encodePart, type ColumnBatch } from './column-batch';
import { CTRL, type RowWriterSetup, type ThreadFailure } from './row-writer';
import { connectForBulkWrites } from '../project/open';
import { quarantineWriter } from '../project/quarantine';
import { CHECKPOINT } from './wal-checkpointer';

const { dbPath, table, width, datasetId, storage, ctrl, errors, walCtrl } = workerData as RowWriterSetup & { ctrl: Int32Array; errors: MessagePort; walCtrl: Int32Array | null };

function fail(err: unknown): void {
  const e = err as { message?: string; code?: unknown };
  const failure: ThreadFailure = { message: e.message ?? String(err), ...(typeof e.code === 'string' ? { code: e.code } : {}) };
  errors.postMessage(failure);
  Atomics.store(ctrl, CTRL.failed, 1);
}

let write: ((batch: RowBatch | ColumnBatch) => void) | null = null;
let close = (): void => undefined;
try {
  // Appending touches only the table's right edge: a small cache does (measured: 64 MB → 16 MB cut peak RSS by ~50 MB, same speed).
  // Foreign keys off, as this thread has always run (see BulkWriteOptions.foreignKeys).
  // A checkpoint per 64 MiB of WAL (16,384 pages of 4 KiB) rather than per 4 MB: a 1M-row pull
  // (~55 MB of chunks) checkpoints once or twice, not at nearly every commit; the WAL stays bounded.
  const db = connectForBulkWrites(dbPath, { cacheKiB: 16_384, foreignKeys: false, autocheckpointPages: 16_384 });
  close = () => db.close();
  // Columns: each message is one chunk (full, or partial on a drain: rewritten when it fills),
  // encoded here and written with one INSERT per column (see column-batch.ts).
  const keep = quarantineWriter(db, datasetId);
  const rows = storage === 'rows' ? new BatchInserter(db, table, null, width) : null;
  const put = storage === 'columns' ? chunkWriter(db) : null;
  const tx = db.transaction((batch: RowBatch | ColumnBatch) => {
    if ('columnar' in batch) batch.parts?.forEach((part, j) => put!(datasetId, j, batch.chunk, batch.rows, encodePart(part)));
    else insertRowBatch(batch, width, rows!);
    for (const q of batch.quarantine) keep(q);
  });
  write = (batch) => {
    tx.immediate(batch);
    // The checkpoint thread follows the commits (wal-checkpointer.ts).
    if (walCtrl) {
      Atomics.add(walCtrl, CHECKPOINT.commits, 1);
      Atomics.notify(walCtrl, CHECKPOINT.commits);
    }
  };
} catch (err) {
  fail(err);
}

parentPort?.on('message', (batch: RowBatch | ColumnBatch | null) => {
  if (batch === null) {
    close();
    parentPort?.close();
    return;
  }
  // After a failure the rest is dropped: the import stops before its next batch.
  if (write && Atomics.load(ctrl, CTRL.failed) === 0) {
    try {
      write(batch);
    } catch (err) {
      fail(err);
    }
  }
  Atomics.sub(ctrl, CTRL.inFlight, 1);
  Atomics.notify(ctrl, CTRL.inFlight);
});
