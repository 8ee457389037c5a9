import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AssayError, type ErrorData } from '../../../../preload/contract/errors';
import type { FromWorker, ToWorker, WorkerJob } from '../../../../native-workers/protocol';
import { clusterKinds, mergeClusterResult, type ClusterPayload, type NodeTimes } from '../../../../native-workers/project/cluster';
import type { ProjectStore } from '../../../../native-workers/project/store';
import { jobFolderPath, type ClusterJobFile } from '../../../../native-workers/host-api';
import type { WorkerHandle, WorkerLauncher } from '../launcher';
import { readNewLines } from './tail';
import { retryable, stopReason, type Scheduler, type SchedulerState } from './scheduler';

/** One job's way through the cluster, for the bench and the logs (ms since the epoch). */
export interface ClusterTiming {
  readonly jobId: string;
  readonly submittedAt: number;
  /** When the host first saw the job running (or its first message). */
  readonly startedAt: number | null;
  readonly mergedAt: number;
  /** The job's own compute time on the node, as it reported it. */
  readonly computeSeconds: number | null;
  /** When its process started and ended on the node. */
  readonly node: NodeTimes | null;
}

/** A timing sink that appends each job's timing to a file as a JSON line. */
export function appendTiming(file: string): (timing: ClusterTiming) => void {
  return (timing) => fs.appendFileSync(file, `${JSON.stringify(timing)}\n`);
}

export interface ClusterExecutorOptions {
  /** The executor's name in the user's settings (`--executor NAME`). */
  readonly name: string;
  readonly scheduler: Scheduler;
  /** A folder the host and every node read and write at this same path. */
  readonly sharedDir: string;
  /** The program and arguments that run a job folder on a node: e.g. [node, dist/workers/cluster-node.js]. */
  readonly nodeCommand: readonly string[];
  readonly pollMs?: number;
  /** How long the engine may be unreachable while jobs are out before they fail. */
  readonly unreachableMs?: number;
  readonly onTiming?: (timing: ClusterTiming) => void;
}

/** What a run's jobs read on their nodes, written once per run. */
interface RunInputs {
  snapshot: string;
  columns?: string;
}

/** A run's jobs on a cluster: they share one snapshot of the project; `close` removes it once they are done. */
export interface ClusterRun {
  readonly launcher: WorkerLauncher;
  /** Writes the run's columns beside its snapshot (`write` gets the file), for the jobs submitted after. */
  writeColumns(write: (file: string) => Promise<void>): Promise<void>;
  close(): void;
}

function describe(job: WorkerJob): string {
  const spec = job.spec as { runId?: number; fold?: number; candidate?: number };
  const parts: string[] = [job.kind];
  if (spec.candidate !== undefined) parts.push(`trial ${spec.candidate + 1}`);
  if (spec.fold !== undefined) parts.push(`fold ${spec.fold + 1}`);
  if (spec.runId !== undefined) parts.push(`of run ${spec.runId}`);
  return parts.join(' ');
}

interface Tracked {
  poll(states: ReadonlyMap<string, SchedulerState> | null, error: string | null): void;
  readonly engineId: () => string | null;
}

/**
 * Runs jobs on a cluster through its engine's Scheduler, behind the same WorkerHandle a local worker has:
 * the job manager sees progress, logs, results, failures and cancels exactly as for a local job. The job's
 * inputs (its spec and a snapshot of the project) go to a folder on shared storage; the node runs the worker
 * bundle there (native-workers/cluster/node-entry.ts) and writes its messages and result as files, which one
 * poll per executor reads. A result is merged into the project in one transaction, once (its token is the
 * job's id), before the job manager hears of it.
 */
export class ClusterExecutor {
  readonly name: string;
  private readonly opts: ClusterExecutorOptions;
  private readonly tracked = new Set<Tracked>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private unreachableSince: number | null = null;

  constructor(opts: ClusterExecutorOptions) {
    this.opts = opts;
    this.name = opts.name;
  }

  get label(): string {
    return `${this.opts.scheduler.label} "${this.name}"`;
  }

  /** Takes the run's snapshot into the shared folder (VACUUM INTO: consistent while the project is open). */
  openRun(store: ProjectStore, runId: number | null): ClusterRun {
    const dir = path.join(this.opts.sharedDir, 'assay-runs', randomUUID());
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new AssayError('CLUSTER', `${this.label} cannot use its shared folder ${this.opts.sharedDir}: ${(err as Error).message}. Check the folder exists and is writable here and on the nodes.`);
    }
    const inputs: RunInputs = { snapshot: store.saveCopy(path.join(dir, 'project.assay')) };
    return {
      launcher: () => this.handle(store, runId, dir, inputs),
      writeColumns: async (write) => {
        const file = path.join(dir, 'columns.arrow');
        await write(file);
        inputs.columns = file;
      },
      close: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }

  private handle(store: ProjectStore, runId: number | null, runDir: string, inputs: RunInputs): WorkerHandle {
    const scheduler = this.opts.scheduler;
    let onMessage: (msg: FromWorker) => void = () => undefined;
    let onExit: (code: number | null, reason: string) => void = () => undefined;
    let job: WorkerJob | null = null;
    let jobId = '';
    let folder = '';
    let engineId: string | null = null;
    let submittedAt = 0;
    let startedAt: number | null = null;
    let cancelRequested = false;
    let heldCancel = false;
    let offset = 0;
    let ended = false;
    let unknownPolls = 0;
    let retried = false;
    let lostContact = false;
    const what = (): string => `${scheduler.label} job ${engineId ?? '(not submitted)'} (${job ? describe(job) : 'a job'})`;

    const end = (code: number | null, reason: string): void => {
      if (ended) return;
      ended = true;
      this.tracked.delete(tracked);
      onExit(code, reason);
    };
    const fail = (message: string): void => {
      const error: ErrorData = { code: 'CLUSTER', message };
      onMessage({ type: 'failed', error });
      end(1, message);
    };
    const readMessages = (): void => {
      const read = readNewLines(jobFolderPath(folder, 'messages'), offset);
      offset = read.offset;
      for (const line of read.lines) {
        let msg: FromWorker;
        try {
          msg = JSON.parse(line) as FromWorker;
        } catch {
          continue;
        }
        startedAt ??= Date.now();
        // A worker stopped by SIGTERM that nobody here asked for was stopped by the scheduler (time limit,
        // preemption): its state, read next, says why, which 'cancelled' would hide.
        if (msg.type === 'cancelled' && !cancelRequested) heldCancel = true;
        else onMessage(msg);
        if (msg.type === 'failed' || (msg.type === 'cancelled' && cancelRequested)) end(msg.type === 'failed' ? 1 : 0, msg.type);
      }
    };
    const readResult = (): boolean => {
      const file = jobFolderPath(folder, 'result');
      if (!fs.existsSync(file)) return false;
      const payload = JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterPayload;
      const merged = mergeClusterResult(store.db, jobId, this.name, runId, payload);
      if (!merged) onMessage({ type: 'log', level: 'warn', message: `The result of ${what()} arrived again; it was merged once already, so it was ignored this time.` });
      const mergedAt = Date.now();
      this.opts.onTiming?.({ jobId, submittedAt, startedAt, mergedAt, computeSeconds: 'seconds' in payload.result ? payload.result.seconds : null, node: payload.node ?? null });
      onMessage({ type: 'result', result: payload.result });
      end(0, 'succeeded');
      return true;
    };
    const tracked: Tracked = {
      engineId: () => engineId,
      poll: (states, error) => {
        if (ended || engineId === null) return;
        try {
          readMessages();
          if (ended || readResult()) return;
        } catch (err) {
          fail(`Reading the files of ${what()} in ${folder} failed: ${(err as Error).message}.`);
          return;
        }
        if (error !== null) {
          const waitMs = this.opts.unreachableMs ?? 60_000;
          if (this.unreachableSince !== null && Date.now() - this.unreachableSince > waitMs) {
            fail(`Lost contact with ${this.label} while ${what()} was out: ${error}. Its result, if it finishes, is not merged; run it again.`);
          } else if (!lostContact) {
            // Said once per job: the job may well carry on (its node does not need the controller) and its
            // files are still read meanwhile, so a result that arrives is merged.
            lostContact = true;
            onMessage({ type: 'log', level: 'warn', message: `Lost contact with ${this.label} while ${what()} is out (${error}); waiting up to ${Math.round(waitMs / 1000)} s for it to come back.` });
          }
          return;
        }
        if (lostContact) {
          lostContact = false;
          onMessage({ type: 'log', level: 'info', message: `${this.label} answers again; ${what()} carries on.` });
        }
        const state = states?.get(engineId);
        if (!state && cancelRequested) {
          // Deleted on request (a Kubernetes Job goes away when deleted).
          onMessage({ type: 'cancelled' });
          end(0, 'cancelled');
          return;
        }
        if (!state) {
          // An engine may list a job a moment after accepting it; three polls without it is forgotten.
          if (++unknownPolls >= 3) fail(`${this.label} no longer knows ${what()} and it left no result; run it again.`);
          return;
        }
        unknownPolls = 0;
        if (state.phase === 'running') startedAt ??= Date.now();
        if (state.phase === 'queued' || state.phase === 'running') return;
        if (state.phase === 'cancelled' && (cancelRequested || heldCancel) && stopReason(state) === null) {
          if (cancelRequested) onMessage({ type: 'cancelled' });
          else fail(`${this.label} cancelled ${what()} (${state.raw}${state.reason ? `, ${state.reason}` : ''}); run it again.`);
          end(0, 'cancelled');
          return;
        }
        const log = jobFolderPath(folder, 'log');
        const tail = logTail(log);
        const why = stopReason(state, tail);
        if (why !== null && retryable(state) && !retried && !cancelRequested) {
          // Safe to run again: the job wrote nothing to the project (its result merges under the same token,
          // once), and a second, late copy of the first attempt writes to a folder nobody reads any more.
          retried = true;
          const first = what();
          void submit(`${jobId}.retry`).then(() => {
            if (!ended) onMessage({ type: 'log', level: 'warn', message: `${first} ${why.replace('; run it again', '')}; submitted it again, once, as job ${engineId}.` });
          });
          return;
        }
        const noLog = fs.existsSync(log) ? '' : `; it did not even write its log ${log}: check that ${this.opts.sharedDir} is shared with the nodes at the same path and writable there`;
        fail(why ? `${what()} ${why}.` : `${what()} ended as ${state.raw} without a result${tail ? `: ${tail}` : ''}${noLog}.`);
      },
    };

    const submit = async (folderName: string): Promise<void> => {
      if (!job) return;
      folder = path.join(runDir, 'jobs', folderName);
      offset = 0;
      engineId = null;
      heldCancel = false;
      try {
        if (!clusterKinds.has(job.kind)) throw new Error(`a ${job.kind} job cannot run on a cluster; run it locally`);
        fs.mkdirSync(folder, { recursive: true });
        const spec: ClusterJobFile = { jobId, job, ...inputs };
        fs.writeFileSync(jobFolderPath(folder, 'job'), JSON.stringify(spec));
        submittedAt = Date.now();
        engineId = await scheduler.submit({ folder, name: `assay-${job.kind}`, command: [...this.opts.nodeCommand, folder] });
      } catch (err) {
        fail(`Could not submit ${describe(job)} to ${this.label}: ${(err as Error).message}`);
        return;
      }
      if (cancelRequested) void scheduler.cancel(engineId).catch(() => undefined);
      onMessage({ type: 'progress', progress: { kind: 'train', value: 0, title: `Queued on ${scheduler.label}`, detail: `job ${engineId}` } });
      unknownPolls = 0;
      this.tracked.add(tracked);
      this.schedule();
    };

    return {
      pid: undefined,
      send: (msg: ToWorker) => {
        if (msg.type === 'start' && !job) {
          job = msg.job;
          jobId = msg.jobId;
          void submit(jobId);
        } else if (msg.type === 'cancel' && !cancelRequested) {
          cancelRequested = true;
          if (engineId !== null) void scheduler.cancel(engineId).catch((err: Error) => onMessage({ type: 'log', level: 'warn', message: `Cancelling ${what()} failed: ${err.message}` }));
        }
      },
      onMessage: (listener) => {
        onMessage = listener;
      },
      onExit: (listener) => {
        onExit = listener;
      },
      kill: () => {
        if (ended) return;
        cancelRequested = true;
        if (engineId !== null) void scheduler.cancel(engineId).catch(() => undefined);
        end(null, `${what()} was cancelled`);
      },
    };
  }

  private schedule(): void {
    this.timer ??= setInterval(() => void this.tick(), this.opts.pollMs ?? 250);
  }

  /** One poll of the engine for every job out, then each job reads its own files. */
  private async tick(): Promise<void> {
    if (this.polling) return;
    if (this.tracked.size === 0) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    this.polling = true;
    try {
      // Only the jobs asked about get the answer: one submitted during the poll waits for the next.
      const asked = [...this.tracked];
      const ids = asked.map((t) => t.engineId()).filter((id): id is string => id !== null);
      let states: ReadonlyMap<string, SchedulerState> | null = null;
      let error: string | null = null;
      try {
        states = await this.opts.scheduler.poll(ids);
        this.unreachableSince = null;
      } catch (err) {
        error = (err as Error).message;
        this.unreachableSince ??= Date.now();
      }
      for (const t of asked) t.poll(states, error);
    } finally {
      this.polling = false;
    }
  }
}

function logTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ').slice(-500);
  } catch {
    return '';
  }
}
