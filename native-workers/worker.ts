/**
 * Entry point of every worker process: one job per process. Speaks the
 * protocol in ./protocol.ts over the IPC channel of fork() or utilityProcess.
 */
import { toErrorData } from '../preload/contract/errors';
import { runJob } from './job-handlers';
import { isToWorker, type FromWorker } from './protocol';
import { createContext, isCancel } from './runtime/context';
import { gpuJobError } from './runtime/backend';

interface Port {
  send(msg: FromWorker): void;
  onMessage(listener: (msg: unknown) => void): void;
}

function processPort(): Port {
  // Electron's utilityProcess exposes process.parentPort; plain Node fork() uses process.send.
  const parentPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (ev: { data: unknown }) => void): void } }).parentPort;
  if (parentPort) {
    return {
      send: (msg) => parentPort.postMessage(msg),
      onMessage: (listener) => parentPort.on('message', (ev) => listener(ev.data)),
    };
  }
  return {
    send: (msg) => process.send?.(msg),
    onMessage: (listener) => process.on('message', listener),
  };
}

const port = processPort();
const controller = new AbortController();
let started = false;
let context: ReturnType<typeof createContext> | null = null;

function finish(msg: FromWorker): void {
  port.send(msg);
  // Let the message flush before leaving; the host kills stragglers anyway.
  setTimeout(() => process.exit(0), 50);
}

port.onMessage((msg) => {
  if (!isToWorker(msg)) return;
  if (msg.type === 'cancel') {
    controller.abort();
    return;
  }
  if (msg.type === 'control') {
    context?.deliverControl(msg.command);
    return;
  }
  if (started) return;
  started = true;
  const ctx = createContext(controller.signal, (m) => port.send(m));
  context = ctx;
  runJob(msg.job, ctx).then(
    (result) => finish({ type: 'result', result }),
    (err: unknown) => finish(isCancel(err) || controller.signal.aborted ? { type: 'cancelled' } : { type: 'failed', error: toErrorData(gpuJobError(err)) }),
  );
});

// The host went away (even by kill -9): stop rather than write on alone.
process.on('disconnect', () => process.exit(1));

// A worker forked ahead of its job (prestartWorker in main/host/jobs/launcher.ts) loads that job's
// code while the host is still starting: for a PostgreSQL import, pg alone is ~0.1 s of CPU.
if (process.env['ASSAY_WORKER_WARM'] === 'postgres') {
  void import('./ingest/db/import-db')
    .then(() => import('./ingest/db/postgres'))
    .then(async () => (await import('./ingest/db/pg-module')).loadPg())
    .catch(() => undefined);
} else if (process.env['ASSAY_WORKER_WARM'] === 'file') {
  void import('./jobs/import-file').catch(() => undefined);
}
