/**
 * What a cluster executor needs of its engine (SLURM, Kubernetes, AWS Batch): submit a command, say where
 * jobs are, cancel one. Everything else — the job folder, the snapshot, messages, the merge — is the
 * engine-independent ClusterExecutor's (cluster.ts).
 */

/** Where a job is, in the engine's own words (`raw`) and ours. */
export interface SchedulerState {
  readonly phase: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** The engine's state name (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, OOMKilled, …). */
  readonly raw: string;
  /** The engine's reason, when it gave one. */
  readonly reason: string | null;
}

export interface SubmitRequest {
  /** The job's folder on the shared storage (also its working directory). */
  readonly folder: string;
  /** A name the engine shows (sanitised by each engine to its own rules). */
  readonly name: string;
  /** The program and its arguments, as run on the node. */
  readonly command: readonly string[];
}

export interface Scheduler {
  /** How messages name the engine: "SLURM", "Kubernetes", "AWS Batch". */
  readonly label: string;
  /** Submits one job; resolves to the engine's id for it. Rejects with a message saying what to check. */
  submit(req: SubmitRequest): Promise<string>;
  /** The states of these jobs; an id the engine no longer knows is absent. Rejects when the engine cannot be reached. */
  poll(ids: readonly string[]): Promise<ReadonlyMap<string, SchedulerState>>;
  cancel(id: string): Promise<void>;
}

/** What a job's log says when the engine killed it for memory without a state of its own for that. */
const memoryKill = /exceeded (?:job )?memory limit[^|\n]*|oom[- ]kill[^|\n]*/i;

const outOfMemory = "ran out of memory: raise the executor's memory per job";

/**
 * Why an engine stopped a job, in words ending with its state, from its state and the tail of its log: null
 * when it ended on its own. SLURM without cgroups kills a job over its --mem through accounting, which ends
 * it FAILED and says so only in the log.
 */
export function stopReason(state: SchedulerState, log = ''): string | null {
  const memory = state.phase === 'failed' ? memoryKill.exec(log) : null;
  if (memory) return `${outOfMemory} (${state.raw}: ${memory[0].trim()})`;
  const why = engineStop(state.raw);
  return why === null ? null : `${why} (${state.raw})`;
}

function engineStop(raw: string): string | null {
  switch (raw) {
    case 'TIMEOUT':
    case 'DEADLINE':
    case 'DeadlineExceeded':
      return "reached its time limit: raise the executor's time limit, or run it locally";
    case 'OUT_OF_MEMORY':
    case 'OOMKilled':
      return outOfMemory;
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
      return 'lost its node; run it again';
    case 'PREEMPTED':
      return 'was preempted by a job of higher priority; run it again';
    default:
      return null;
  }
}

/** Stops that say nothing about the job itself (its node went, a higher priority took it): run once more. */
export function retryable(state: SchedulerState): boolean {
  return ['NODE_FAIL', 'BOOT_FAIL', 'PREEMPTED'].includes(state.raw);
}
