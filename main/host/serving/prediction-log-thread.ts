/**
 * Worker-thread entry of the prediction log (see prediction-log.ts): owns the
 * log's connection to the project and writes each batch it is sent in one
 * transaction, so neither SQLite nor JSON serialisation runs on the serving
 * thread. Progress goes back through shared counters the serving thread can
 * wait on (a synchronous flush at shutdown).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectForBulkWrites } from '../../../native-workers/project/open';
import type { Db } from '../../../native-workers/project/open';
import { predictionInserter, predictionLogBytes, servingEventInserter } from '../../../native-workers/project/predictions';
import { recsEventInserter } from '../../../native-workers/project/recs-events';
import { LOG_CTRL, type LogBatch, type LogThreadData } from './prediction-log';

const { file, ctrl, maxBytes } = workerData as LogThreadData;

/** The log's connection, or null when the project cannot be opened (closed or moved under a stopping server). */
function open(): { db: Db; insert: (batch: LogBatch) => number } | null {
  try {
    // A flush never waits on an fsync; a crash can lose the last flushes, never corrupt the file.
    const db = connectForBulkWrites(file);
    const write = predictionInserter(db);
    const writeEvents = servingEventInserter(db);
    const writeRecs = recsEventInserter(db);
    // Counted once at start, then kept here: the cap holds for the whole log, not per server.
    let used = predictionLogBytes(db);
    return {
      db,
      insert: (batch) => {
        writeEvents(batch.events);
        writeRecs(batch.recs);
        const r = write(batch.rows, maxBytes - used);
        used += r.bytes;
        return r.written;
      },
    };
  } catch {
    return null;
  }
}

const log = open();

parentPort?.on('message', (message: LogBatch | 'close') => {
  if (message === 'close') {
    log?.db.close();
    parentPort?.close();
    return;
  }
  try {
    if (!log) throw new Error('no connection');
    const written = log.insert(message);
    Atomics.add(ctrl, LOG_CTRL.written, written);
    // Past the cap predictions are skipped and counted, so the project stops growing.
    Atomics.add(ctrl, LOG_CTRL.skipped, message.rows.length - written);
  } catch {
    // The project was closed or is busy beyond its timeout: these predictions are lost, not the server.
    Atomics.add(ctrl, LOG_CTRL.dropped, message.rows.length);
  }
  Atomics.store(ctrl, LOG_CTRL.done, message.seq);
  Atomics.notify(ctrl, LOG_CTRL.done);
});
