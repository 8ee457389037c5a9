/**
 * Worker-thread entry of AlsThreads (als-threads.ts): solves claimed chunks of each half step
 * it is sent, then says so.
 */
import { parentPort } from 'node:worker_threads';
import { solveClaimed, type AlsReply, type AlsTask } from './als-threads';

parentPort!.on('message', (t: AlsTask) => {
  let reply: AlsReply;
  try {
    const { rows } = solveClaimed({ rows: t.rows, cols: 0, indptr: t.indptr, indices: t.indices, data: t.data, times: null }, t);
    reply = { seq: t.seq, ok: true, rows };
  } catch (err) {
    reply = { seq: t.seq, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
