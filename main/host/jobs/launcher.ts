import { fork, type ChildProcess } from 'node:child_process';
import type { FromWorker, ToWorker } from '../../../native-workers/protocol';

/**
 * One worker process, whatever started it: child_process.fork here, Electron's
 * utilityProcess in main/electron (which passes its own launcher to the host).
 */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(msg: ToWorker): void;
  onMessage(listener: (msg: FromWorker) => void): void;
  /** Called once when the process is gone; `reason` says why if it died abnormally. */
  onExit(listener: (code: number | null, reason: string) => void): void;
  kill(): void;
}

export type WorkerLauncher = (entry: string) => WorkerHandle;

const stderrTailBytes = 4000;

/**
 * V8 flags of every worker process. A young generation twice the default (32 MB semi-spaces)
 * lets an import's batches die young instead of being promoted and compacted: measured on the
 * 100 MB import bench, 11.4 s → 10.0 s, for ~35 MB more peak RSS.
 */
export const workerV8Flags: readonly string[] = ['--max-semi-space-size=32'];

/**
 * What a worker started ahead of its job may load while it waits (native-workers/worker.ts): the
 * code of a PostgreSQL import, pg included.
 */
export type WorkerWarmUp = 'postgres' | 'file';

/**
 * A worker forked before the host needed one (prestartWorker), for forkLauncher to take. Kept on
 * globalThis: the `assay` entry that starts it and the CLI bundle that takes it are two bundles,
 * each with its own copy of this module.
 */
const spareKey = Symbol.for('assay.spare-worker');
interface Spare {
  readonly entry: string;
  readonly child: ChildProcess;
  readonly stderrTail: () => string;
}
const spares = globalThis as typeof globalThis & { [spareKey]?: Spare };

function spawnWorker(entry: string, warm: WorkerWarmUp | null): Spare {
  const child = fork(entry, [], {
    serialization: 'advanced',
    // stdout is the CLI's (it may print JSON); keep workers off it.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ASSAY_WORKER: '1', ...(warm ? { ASSAY_WORKER_WARM: warm } : {}) },
    // For profiling workers, e.g. ASSAY_WORKER_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    execArgv: [...process.execArgv, ...workerV8Flags, ...(process.env['ASSAY_WORKER_ARGS']?.split(' ').filter(Boolean) ?? [])],
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-stderrTailBytes);
  });
  child.stdout?.resume();
  return { entry, child, stderrTail: () => stderrTail };
}

/**
 * Forks the next job's worker now, so that its start (the process, its bundle, `warm`'s code)
 * overlaps what the caller still has to load and do: the `assay` entry calls it for a PostgreSQL
 * import before the CLI's own bundle loads. Until forkLauncher takes it, it keeps nothing alive:
 * a CLI that exits first (a usage error) leaves it to exit on its IPC channel's disconnect.
 */
export function prestartWorker(entry: string, warm: WorkerWarmUp): void {
  if (spares[spareKey]) return;
  const spare = spawnWorker(entry, warm);
  holdOpen(spare.child, false);
  spares[spareKey] = spare;
}

/** The prestarted worker for `entry`, if one is there and still running. */
function takeSpare(entry: string): Spare | null {
  const spare = spares[spareKey];
  if (!spare || spare.entry !== entry) return null;
  delete spares[spareKey];
  if (spare.child.exitCode !== null || spare.child.signalCode !== null || !spare.child.connected) {
    spare.child.kill('SIGKILL');
    return null;
  }
  holdOpen(spare.child, true);
  return spare;
}

/** Whether the child (its process, IPC channel and output pipes) keeps this process running. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  for (const handle of [child, child.channel, child.stdout, child.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[]) {
    if (hold) handle?.ref?.();
    else handle?.unref?.();
  }
}

export const forkLauncher: WorkerLauncher = (entry) => {
  const { child, stderrTail } = takeSpare(entry) ?? spawnWorker(entry, null);
  return {
    pid: child.pid,
    send(msg) {
      // With a callback a failed write (EPIPE: the worker died before the host heard of it) is
      // reported here instead of thrown as an uncaught exception that would take the host down;
      // the worker's exit is reported by onExit, so there is nothing more to do with it.
      if (child.connected) child.send(msg, () => undefined);
    },
    onMessage(listener) {
      child.on('message', (msg) => listener(msg as FromWorker));
    },
    onExit(listener) {
      child.once('exit', (code, signal) => {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
        const tail = stderrTail().trim().split('\n').slice(-3).join(' | ');
        listener(code, tail ? `the worker process ${how}: ${tail}` : `the worker process ${how}`);
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
