/**
 * What a cluster job (SLURM, Kubernetes, AWS Batch) brings back, and its merge into the project. The job
 * ran on a node against its own copy of a snapshot of the project; `clusterPayload` reads from that copy
 * what the job wrote, the host merges it with `mergeClusterResult`: in one transaction, once per token.
 */
import { AssayError } from '../../preload/contract/errors';
import type { FoldSummary } from '../../preload/contract/train';
import type { JobResults, WorkerJob } from '../protocol';
import type { Db } from './open';
import { readFold, writeFoldResult } from './train';

/** When the job's process started and ended on its node (ms since the epoch): the executor's own cost is the rest. */
export interface NodeTimes {
  readonly startedAt: number;
  readonly endedAt: number;
}

/** The result file's content: the worker's result, plus what the job wrote into its copy of the project. */
export type ClusterPayload = (
  | { readonly kind: 'train-fold'; readonly result: FoldSummary; readonly predictions: string | null; readonly importance: string | null }
  | { readonly kind: 'train-trial'; readonly result: JobResults['train-trial'] }
) & { readonly node?: NodeTimes };

/** The job kinds a cluster executor runs: those whose writes `clusterPayload` knows how to carry back. */
export const clusterKinds: ReadonlySet<string> = new Set<ClusterPayload['kind']>(['train-fold', 'train-trial']);

function base64(a: Float64Array | null): string | null {
  return a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') : null;
}

function floats(text: string | null): Float64Array | null {
  if (text === null) return null;
  const bytes = Buffer.from(text, 'base64');
  // A copy: the Buffer's pool offset need not be 8-aligned.
  return new Float64Array(new Uint8Array(bytes).buffer);
}

/** Reads from the node's copy of the project what `job` wrote there, to carry back with its result. */
export function clusterPayload(db: Db, job: WorkerJob, result: unknown): ClusterPayload {
  switch (job.kind) {
    case 'train-fold': {
      const fold = readFold(db, job.spec.runId, job.spec.fold);
      return { kind: 'train-fold', result: result as FoldSummary, predictions: base64(fold.predictions), importance: base64(fold.importance) };
    }
    case 'train-trial':
      return { kind: 'train-trial', result: result as JobResults['train-trial'] };
    default:
      throw new AssayError('UNSUPPORTED', `A ${job.kind} job cannot run on a cluster yet; run it locally.`);
  }
}

/**
 * Merges a cluster job's payload into the project in one transaction, exactly as the job would have
 * written it locally. `token` names the job's one execution: a result that arrives again (a requeued
 * job, a second read) finds its token and merges nothing. Returns whether it merged.
 */
export function mergeClusterResult(db: Db, token: string, executor: string, runId: number | null, payload: ClusterPayload): boolean {
  return db
    .transaction(() => {
      const fresh = db
        .prepare('INSERT OR IGNORE INTO cluster_merges (token, run_id, job_kind, executor, merged_at) VALUES (?, ?, ?, ?, ?)')
        .run(token, runId, payload.kind, executor, new Date().toISOString()).changes;
      if (fresh === 0) return false;
      if (payload.kind === 'train-fold') writeFoldResult(db, runId!, payload.result, floats(payload.predictions), floats(payload.importance));
      return true;
    })
    .immediate();
}
