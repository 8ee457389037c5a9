/**
 * Worker-thread entry of RowWriterThread: inserts the batches the import thread packs (see
 * row-batch.ts) into the dataset's table over its own connection, one transaction each, so
 * storing overlaps parsing and converting on the second core.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BatchInserter } from '../project/batch-insert';
import { ColumnChunkWriter } from '../project/columns/column-writer';
import { insertRowBatch, type RowBatch, type RowSink } from './row-batch';
import { CTRL, flushMessage, type RowWriterSetup, type ThreadFailure } from './row-writer';
import { connectForBulkWrites } from '../project/open';
import { quarantineWriter } from '../project/quarantine';

const { dbPath, table, width, datasetId, storage, ctrl, errors } = workerData as RowWriterSetup & { ctrl: Int32Array; errors: MessagePort };

function fail(err: unknown): void {
  const e = err as { message?: string; code?: unknown };
  const failure: ThreadFailure = { message: e.message ?? String(err), ...(typeof e.code === 'string' ? { code: e.code } : {}) };
  errors.postMessage(failure);
  Atomics.store(ctrl, CTRL.failed, 1);
}

let write: ((batch: RowBatch) => void) | null = null;
let flush = (): void => undefined;
let close = (): void => undefined;
try {
  // Appending touches only the table's right edge: a small cache does (measured: 64 MB → 16 MB cut peak RSS by ~50 MB, same speed).
  // Foreign keys off, as this thread has always run (see BulkWriteOptions.foreignKeys).
  const db = connectForBulkWrites(dbPath, { cacheKiB: 16_384, foreignKeys: false });
  close = () => db.close();
  // Columns: a batch's rows wait in the chunk buffers; a chunk is written (one INSERT per column)
  // in the transaction of the batch that fills it, the partial one on each flush message (drain).
  const columns = storage === 'columns' ? new ColumnChunkWriter(db, datasetId, width) : null;
  const out: RowSink = columns ?? new BatchInserter(db, table, null, width);
  const keep = quarantineWriter(db, datasetId);
  const tx = db.transaction((batch: RowBatch) => {
    insertRowBatch(batch, width, out);
    for (const q of batch.quarantine) keep(q);
  });
  write = (batch) => tx.immediate(batch);
  if (columns) {
    const last = db.transaction(() => columns.checkpoint());
    flush = () => void last.immediate();
  }
} catch (err) {
  fail(err);
}

parentPort?.on('message', (batch: RowBatch | typeof flushMessage | null) => {
  if (batch === null) {
    close();
    parentPort?.close();
    return;
  }
  // After a failure the rest is dropped: the import stops before its next batch.
  if (write && Atomics.load(ctrl, CTRL.failed) === 0) {
    try {
      if (batch === flushMessage) flush();
      else write(batch);
    } catch (err) {
      fail(err);
    }
  }
  Atomics.sub(ctrl, CTRL.inFlight, 1);
  Atomics.notify(ctrl, CTRL.inFlight);
});
