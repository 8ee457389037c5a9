/**
 * Entry point of every worker process: one job per process. Speaks the
 * protocol in ./protocol.ts over the IPC channel of fork() or utilityProcess.
 */
import { toErrorData } from '../preload/contract/errors';
import { isToWorker, type FromWorker, type WorkerJob } from './protocol';
import { createContext, isCancel } from './runtime/context';

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

// Each job's code is loaded when a job of its kind arrives: loading every module up front (tfjs,
// the database drivers, MQTT…) cost every job ~0.5 s before its first step.
async function run(job: WorkerJob, ctx: ReturnType<typeof createContext>): Promise<unknown> {
  switch (job.kind) {
    case 'import':
      return (await import('./jobs/import-file')).runImport(job.spec, ctx);
    case 'profile':
      return (await import('./jobs/profile')).runProfile(job.spec, ctx);
    case 'probe-backend':
      return (await import('./runtime/backend')).probeBackend();
    case 'selftest':
      return (await import('./jobs/selftest')).runSelftest(job.spec, ctx);
    case 'stream':
      return (await import('./jobs/stream')).runStream(job.spec, ctx);
    case 'stream-detect':
      return (await import('./jobs/stream-detect')).runStreamDetect(job.spec, ctx);
    case 'train-plan':
      return (await import('./jobs/train/plan')).runTrainPlan(job.spec, ctx);
    case 'train-fold':
      return (await import('./jobs/train/fold')).runTrainFold(job.spec, ctx);
    case 'train-refit':
      return (await import('./jobs/train/refit')).runTrainRefit(job.spec, ctx);
    case 'train-final':
      return (await import('./jobs/train/final')).runTrainFinal(job.spec, ctx);
    case 'export':
      return (await import('./jobs/export')).runExport(job.spec, ctx);
    case 'validate':
      return (await import('./ingest/rules/validate')).runValidate(job.spec, ctx);
    case 'recipe-preview':
      return (await import('./jobs/recipe')).runRecipePreview(job.spec, ctx);
    case 'recipe-apply':
      return (await import('./jobs/recipe')).runRecipeApply(job.spec, ctx);
    case 'privacy':
      return (await import('./jobs/privacy')).runPrivacy(job.spec, ctx);
    case 'db-import':
      return (await import('./ingest/db/import-db')).runDbImport(job.spec, ctx);
    case 'http-import':
      return (await import('./ingest/http/import-http')).runHttpImport(job.spec, ctx);
    case 'images-import':
      return (await import('./jobs/images/import')).runImageImport(job.spec, ctx);
    case 'images-estimate':
      return (await import('./jobs/images/estimate')).runImageEstimate(job.spec, ctx);
    case 'images-train':
      return (await import('./jobs/images/train')).runImageTrain(job.spec, ctx);
    case 'images-predict':
      return (await import('./jobs/images/predict')).runImagePredict(job.spec, ctx);
    case 'images-export':
      return (await import('./jobs/images/export')).runImageExport(job.spec, ctx);
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
