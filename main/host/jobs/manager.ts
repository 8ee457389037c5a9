import { randomUUID } from 'node:crypto';
import { AssayError, toErrorData, type ErrorData } from '../../../preload/contract/errors';
import { withLogLine, type JobKind, type JobLogLine } from '../../../preload/contract/jobs';
import type { JobInfo, JobStatus, Progress } from '../../../preload/contract/types';
import { isFromWorker, progressIntervalMs, type JobResults, type StreamControl, type WorkerData, type WorkerJob } from '../../../native-workers/protocol';
import type { WorkerHandle, WorkerLauncher } from './launcher';
import { jobSecrets, redactText, redactValue } from '../../../native-workers/host-api';

export interface JobHooks<K extends JobKind> {
  /** Runs in the host when the worker succeeded; throwing fails the job. */
  readonly onResult?: (result: JobResults[K]) => Partial<Pick<JobInfo, 'datasetId' | 'imported' | 'exported'>> | void;
  /** Runs when the job ends any other way (failed, cancelled, crashed): undo partial work. */
  readonly onAbandon?: (status: 'failed' | 'cancelled') => void;
  /** Live data of long-lived jobs (stream frames and status); not throttled here. */
  readonly onData?: (data: WorkerData) => void;
  /** How long this job's worker may take to stop after a cancel before it is killed, if longer than the manager's cancelGraceMs. */
  readonly stopGraceMs?: number;
}

/**
 * Where a job runs when not in a local worker: a cluster executor's launcher. Such a job takes none of the
 * manager's slots (the cluster's scheduler queues it) and starts at once; everything else — progress, logs,
 * cancel, results and hooks — goes as for a local worker, through the WorkerHandle the launcher returns.
 */
export interface RemotePlacement {
  readonly launcher: WorkerLauncher;
}

export interface JobManagerOptions {
  readonly launcher: WorkerLauncher;
  readonly workerEntry: string;
  readonly concurrency: number;
  /**
   * GPU jobs run in their own slots, beside the CPU ones (a GPU job mostly waits on the device, so it does not
   * take a core from CPU jobs), `slots` at a time (default 1: two trainings on one GPU contend for its memory).
   * `uses` says whether a job runs on the GPU; it is asked when the job is about to start.
   */
  readonly gpu?: { readonly slots: number; readonly uses: (job: WorkerJob) => boolean };
  /** How long a cancelled worker may take to stop by itself before it is killed. */
  readonly cancelGraceMs?: number;
  readonly onUpdate?: (job: JobInfo) => void;
  readonly onProgress?: (jobId: string, progress: Progress) => void;
  /** Each line a worker logs (the job's JobInfo.logs keeps the last few as well). */
  readonly onLog?: (jobId: string, line: JobLogLine) => void;
}

interface Entry {
  info: JobInfo;
  job: WorkerJob;
  hooks: JobHooks<JobKind>;
  worker: WorkerHandle | null;
  cancelRequested: boolean;
  killTimer: NodeJS.Timeout | null;
  lastProgressAt: number;
  pendingProgress: Progress | null;
  progressTimer: NodeJS.Timeout | null;
  settled: boolean;
  waiters: ((info: JobInfo) => void)[];
  result: unknown;
  /** Set when started: which slots it holds (none for a remote job). */
  slot: 'cpu' | 'gpu' | 'remote';
  remote: RemotePlacement | null;
}

/** A job whose spec names a fold (a training fold) says which in its JobInfo. */
function foldOf(job: WorkerJob): Pick<JobInfo, 'fold'> {
  return 'fold' in job.spec ? { fold: job.spec.fold } : {};
}

/**
 * Runs each job in its own worker process, at most `concurrency` CPU jobs and `gpu.slots` GPU jobs at a time,
 * each kind in submission order (a GPU job waiting for the device does not hold back the CPU jobs behind it).
 * Cancel is cooperative first, then a kill after a grace period; either way it
 * ends as 'cancelled', never as an error. A crashed worker fails its job only.
 */
export class JobManager {
  private readonly entries = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private running = 0;
  private runningGpu = 0;
  private readonly opts: JobManagerOptions;

  constructor(opts: JobManagerOptions) {
    this.opts = opts;
  }

  submit<K extends JobKind>(
    job: Extract<WorkerJob, { kind: K }>,
    title: string,
    hooks: JobHooks<K> = {},
    runId: number | null = null,
    remote: RemotePlacement | null = null,
  ): JobInfo {
    const id = randomUUID();
    const info: JobInfo = {
      id,
      runId,
      kind: job.kind,
      title,
      status: 'queued',
      progress: null,
      error: null,
      startedAt: null,
      finishedAt: null,
      ...foldOf(job),
    };
    this.entries.set(id, {
      info,
      job,
      hooks: hooks as JobHooks<JobKind>,
      worker: null,
      cancelRequested: false,
      killTimer: null,
      lastProgressAt: 0,
      pendingProgress: null,
      progressTimer: null,
      settled: false,
      waiters: [],
      result: undefined,
      slot: 'cpu',
      remote,
    });
    this.queue.push(id);
    this.opts.onUpdate?.(info);
    this.pump();
    return info;
  }

  list(): JobInfo[] {
    return [...this.entries.values()].map((e) => e.info);
  }

  get(id: string): JobInfo {
    const entry = this.entries.get(id);
    if (!entry) throw new AssayError('NOT_FOUND', `No job ${id}.`);
    return entry.info;
  }

  /** The worker's raw result of a succeeded job (what the hooks saw). */
  resultOf(id: string): unknown {
    return this.entries.get(id)?.result;
  }

  cancel(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || entry.settled) return;
    entry.cancelRequested = true;
    if (!entry.worker) {
      this.queue.splice(this.queue.indexOf(id), 1);
      this.finish(entry, 'cancelled', null);
      return;
    }
    entry.worker.send({ type: 'cancel' });
    entry.killTimer = setTimeout(() => entry.worker?.kill(), Math.max(this.opts.cancelGraceMs ?? 3000, entry.hooks.stopGraceMs ?? 0));
  }

  /** Sends a live change (e.g. start recording) to a running job's worker. */
  control(id: string, command: StreamControl): void {
    const entry = this.entries.get(id);
    if (!entry || entry.settled) throw new AssayError('NOT_FOUND', `No running job ${id}.`);
    if (!entry.worker) throw new AssayError('BUSY', 'That job has not started yet.');
    entry.worker.send({ type: 'control', command });
  }

  wait(id: string): Promise<JobInfo> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.reject(new AssayError('NOT_FOUND', `No job ${id}.`));
    if (entry.settled) return Promise.resolve(entry.info);
    return new Promise((resolve) => entry.waiters.push(resolve));
  }

  hasActive(filter: (job: JobInfo) => boolean = () => true): boolean {
    return [...this.entries.values()].some((e) => !e.settled && filter(e.info));
  }

  /** Cancels everything and resolves when every worker is gone. */
  async shutdown(): Promise<void> {
    const active = [...this.entries.values()].filter((e) => !e.settled);
    for (const e of active) this.cancel(e.info.id);
    await Promise.all(active.map((e) => this.wait(e.info.id)));
  }

  private pump(): void {
    const gpuSlots = this.opts.gpu?.slots ?? 1;
    for (let i = 0; i < this.queue.length; ) {
      const entry = this.entries.get(this.queue[i]!);
      if (!entry) {
        this.queue.splice(i, 1);
        continue;
      }
      const slot = entry.remote ? 'remote' : this.opts.gpu?.uses(entry.job) ? 'gpu' : 'cpu';
      if (slot === 'gpu' ? this.runningGpu >= gpuSlots : slot === 'cpu' && this.running >= this.opts.concurrency) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.start(entry, slot);
    }
  }

  private release(entry: Entry): void {
    if (entry.slot === 'gpu') this.runningGpu--;
    else if (entry.slot === 'cpu') this.running--;
  }

  private start(entry: Entry, slot: Entry['slot']): void {
    entry.slot = slot;
    if (slot === 'gpu') this.runningGpu++;
    else if (slot === 'cpu') this.running++;
    let worker: WorkerHandle;
    try {
      worker = (entry.remote?.launcher ?? this.opts.launcher)(this.opts.workerEntry);
    } catch (err) {
      this.release(entry);
      this.finish(entry, 'failed', toErrorData(err));
      return;
    }
    entry.worker = worker;
    this.update(entry, { status: 'running', startedAt: new Date().toISOString(), ...(slot === 'gpu' ? { gpu: true } : {}) });
    // Whatever the worker sends back — errors, logs, progress, results — is cleared of the secrets its
    // start message carried, by value: a run row, a log line or the page never shows one, whatever echoed it.
    const secrets = jobSecrets(entry.job.spec);
    worker.onMessage((raw) => {
      if (!isFromWorker(raw) || entry.settled) return;
      const msg = redactValue(raw, secrets);
      switch (msg.type) {
        case 'progress':
          this.progress(entry, msg.progress);
          break;
        case 'log':
          this.log(entry, { level: msg.level, message: msg.message, at: new Date().toISOString() });
          break;
        case 'data':
          entry.hooks.onData?.(msg.data);
          break;
        case 'result':
          this.succeed(entry, msg.result);
          break;
        case 'failed':
          this.finish(entry, 'failed', msg.error);
          break;
        case 'cancelled':
          this.finish(entry, 'cancelled', null);
          break;
      }
    });
    worker.onExit((_code, reason) => {
      this.release(entry);
      if (entry.killTimer) clearTimeout(entry.killTimer);
      if (!entry.settled) {
        if (entry.cancelRequested) this.finish(entry, 'cancelled', null);
        else this.finish(entry, 'failed', { code: 'WORKER_CRASHED', message: redactText(`The job stopped unexpectedly: ${reason}.`, secrets) });
      }
      entry.worker = null;
      this.pump();
    });
    worker.send({ type: 'start', jobId: entry.info.id, job: entry.job });
  }

  private succeed(entry: Entry, result: unknown): void {
    try {
      entry.result = result;
      const extra = entry.hooks.onResult?.(result as never) ?? {};
      this.finish(entry, 'succeeded', null, extra);
    } catch (err) {
      this.finish(entry, 'failed', toErrorData(err));
    }
  }

  private log(entry: Entry, line: JobLogLine): void {
    // Not an update: onUpdate writes run rows and wakes services, which a log line changes nothing for.
    entry.info = { ...entry.info, logs: withLogLine(entry.info.logs, line) };
    this.opts.onLog?.(entry.info.id, line);
  }

  private progress(entry: Entry, progress: Progress): void {
    entry.pendingProgress = progress;
    const wait = entry.lastProgressAt + progressIntervalMs - Date.now();
    if (wait <= 0) this.flushProgress(entry);
    else entry.progressTimer ??= setTimeout(() => this.flushProgress(entry), wait);
  }

  private flushProgress(entry: Entry): void {
    if (entry.progressTimer) clearTimeout(entry.progressTimer);
    entry.progressTimer = null;
    const progress = entry.pendingProgress;
    if (!progress || entry.settled) return;
    entry.pendingProgress = null;
    entry.lastProgressAt = Date.now();
    entry.info = { ...entry.info, progress };
    this.opts.onProgress?.(entry.info.id, progress);
  }

  private finish(entry: Entry, status: JobStatus, error: ErrorData | null, extra: Partial<JobInfo> = {}): void {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.progressTimer) clearTimeout(entry.progressTimer);
    if (status === 'failed' || status === 'cancelled') {
      try {
        entry.hooks.onAbandon?.(status);
      } catch (err) {
        error ??= toErrorData(err);
      }
    }
    this.update(entry, { ...extra, status, error, finishedAt: new Date().toISOString() });
    if (status !== 'succeeded') entry.worker?.kill();
    else setTimeout(() => entry.worker?.kill(), 2000).unref();
    for (const resolve of entry.waiters.splice(0)) resolve(entry.info);
  }

  private update(entry: Entry, patch: Partial<JobInfo>): void {
    entry.info = { ...entry.info, ...patch };
    this.opts.onUpdate?.(entry.info);
  }
}
