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

/** Why an engine stopped a job, in words, from its state: null when it ended on its own. */
export function stopReason(state: SchedulerState): string | null {
  switch (state.raw) {
    case 'TIMEOUT':
    case 'DEADLINE':
    case 'DeadlineExceeded':
      return "reached its time limit: raise the executor's time limit, or run it locally";
    case 'OUT_OF_MEMORY':
    case 'OOMKilled':
      return "ran out of memory: raise the executor's memory per job";
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
      return 'lost its node; run it again (the cluster may requeue it itself)';
    case 'PREEMPTED':
      return 'was preempted by a job of higher priority; run it again';
    default:
      return null;
  }
}
