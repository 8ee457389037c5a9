/**
 * Worker-thread entry of the prediction log (see prediction-log.ts): owns the
 * log's connection to the project and writes each batch it is sent in one
 * transaction, so neither SQLite nor JSON serialisation runs on the serving
 * thread. Progress goes back through shared counters the serving thread can
 * wait on (a synchronous flush at shutdown).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../../../native-workers/project/open';
import { LOG_CTRL, type LogBatch, type LogThreadData } from './prediction-log';

const { file, ctrl } = workerData as LogThreadData;

type Db = ReturnType<typeof connect>;

/** The log's connection, or null when the project cannot be opened (closed or moved under a stopping server). */
function open(): { db: Db; insert: (batch: LogBatch) => void } | null {
  try {
    const db = connect(file, false);
    // WAL with synchronous = NORMAL (as the import and stream workers write): a flush never waits on an fsync;
    // a crash can lose the last flushes, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    const stmt = db.prepare('INSERT INTO predictions (name, version, at, input, output, latency_ms) VALUES (?, ?, ?, ?, ?, ?)');
    const tx = db.transaction((batch: LogBatch) => {
      for (const r of batch.rows) stmt.run(r.name, r.version, r.at, typeof r.input === 'string' ? r.input : JSON.stringify(r.input), JSON.stringify(r.output), r.latencyMs);
    });
    return { db, insert: (batch) => tx.immediate(batch) };
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
    log.insert(message);
    Atomics.add(ctrl, LOG_CTRL.written, message.rows.length);
  } catch {
    // The project was closed or is busy beyond its timeout: these predictions are lost, not the server.
    Atomics.add(ctrl, LOG_CTRL.dropped, message.rows.length);
  }
  Atomics.store(ctrl, LOG_CTRL.done, message.seq);
  Atomics.notify(ctrl, LOG_CTRL.done);
});
