/**
 * Entry point of every worker process: one job per process. Speaks the
 * protocol in ./protocol.ts over the IPC channel of fork() or utilityProcess.
 */
import { toErrorData } from '../preload/contract/errors';
import { isToWorker, type FromWorker, type WorkerJob } from './protocol';
import { createContext, isCancel } from './runtime/context';
import { runImport } from './jobs/import-file';
import { runProfile } from './jobs/profile';
import { probeBackend } from './runtime/backend';
import { runSelftest } from './jobs/selftest';
import { runStream } from './jobs/stream';
import { runStreamDetect } from './jobs/stream-detect';
import { runTrainFinal } from './jobs/train/final';
import { runTrainFold } from './jobs/train/fold';
import { runTrainPlan } from './jobs/train/plan';
import { runTrainRefit } from './jobs/train/refit';
import { runExport } from './jobs/export';
import { runValidate } from './ingest/rules/validate';
import { runRecipeApply, runRecipePreview } from './jobs/recipe';
import { runPrivacy } from './jobs/privacy';
import { runDbImport } from './ingest/db/import-db';
import { runHttpImport } from './ingest/http/import-http';
import { runImageEstimate } from './jobs/images/estimate';
import { runImageExport } from './jobs/images/export';
import { runImageImport } from './jobs/images/import';
import { runImagePredict } from './jobs/images/predict';
import { runImageTrain } from './jobs/images/train';

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

async function run(job: WorkerJob, ctx: ReturnType<typeof createContext>): Promise<unknown> {
  switch (job.kind) {
    case 'import':
      return runImport(job.spec, ctx);
    case 'profile':
      return runProfile(job.spec, ctx);
    case 'probe-backend':
      return probeBackend();
    case 'selftest':
      return runSelftest(job.spec, ctx);
    case 'stream':
      return runStream(job.spec, ctx);
    case 'stream-detect':
      return runStreamDetect(job.spec, ctx);
    case 'train-plan':
      return runTrainPlan(job.spec, ctx);
    case 'train-fold':
      return runTrainFold(job.spec, ctx);
    case 'train-refit':
      return runTrainRefit(job.spec, ctx);
    case 'train-final':
      return runTrainFinal(job.spec, ctx);
    case 'export':
      return runExport(job.spec, ctx);
    case 'validate':
      return runValidate(job.spec, ctx);
    case 'recipe-preview':
      return runRecipePreview(job.spec, ctx);
    case 'recipe-apply':
      return runRecipeApply(job.spec, ctx);
    case 'privacy':
      return runPrivacy(job.spec, ctx);
    case 'db-import':
      return runDbImport(job.spec, ctx);
    case 'http-import':
      return runHttpImport(job.spec, ctx);
    case 'images-import':
      return runImageImport(job.spec, ctx);
    case 'images-estimate':
      return runImageEstimate(job.spec, ctx);
    case 'images-train':
      return runImageTrain(job.spec, ctx);
    case 'images-predict':
      return runImagePredict(job.spec, ctx);
    case 'images-export':
      return runImageExport(job.spec, ctx);
  }
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
  run(msg.job, ctx).then(
    (result) => finish({ type: 'result', result: result as never }),
    (err: unknown) => finish(isCancel(err) || controller.signal.aborted ? { type: 'cancelled' } : { type: 'failed', error: toErrorData(err) }),
  );
});

// The host went away (even by kill -9): stop rather than write on alone.
process.on('disconnect', () => process.exit(1));
