/**
 * What a cluster job (SLURM, Kubernetes, AWS Batch) brings back, and its merge into the project. The job
 * ran on a node against its own copy of a snapshot of the project; `clusterPayload` reads from that copy
 * what the job wrote, the host merges it with `mergeClusterResult`: in one transaction, once per token.
 */
import { AssayError } from '../../preload/contract/errors';
import type { ImageRunSummary } from '../../preload/contract/images';
import type { FoldSummary } from '../../preload/contract/train';
import type { JobResults, WorkerJob } from '../protocol';
import type { Db } from './open';
import { getImageRun, readImageModel, writeImageModel, writeImageRun, type StoredImageModel } from './images';
import { readFold, writeFoldResult } from './train';

/** When the job's process started and ended on its node (ms since the epoch): the executor's own cost is the rest. */
export interface NodeTimes {
  readonly startedAt: number;
  readonly endedAt: number;
  /** CPU time of the process (user + system, ms): until the job began, the job's own, and in all. */
  readonly startupCpuMs?: number;
  readonly jobCpuMs?: number;
  readonly cpuMs?: number;
}

/** The result file's content: the worker's result, plus what the job wrote into its copy of the project. */
export type ClusterPayload = (
  | { readonly kind: 'train-fold'; readonly result: FoldSummary; readonly predictions: string | null; readonly importance: string | null }
  | { readonly kind: 'train-trial'; readonly result: JobResults['train-trial'] }
  | {
      readonly kind: 'images-train';
      readonly result: JobResults['images-train'];
      /** The run's summary as the job left it (phases, curves, notes); the host then ends the run. */
      readonly run: ImageRunSummary;
      /** Each phase's model, its weights in base64. */
      readonly models: readonly (Omit<StoredImageModel, 'weights'> & { readonly phase: 1 | 2; readonly weights: string | null })[];
    }
) & { readonly node?: NodeTimes };

/** The job kinds a cluster executor runs: those whose writes `clusterPayload` knows how to carry back. */
export const clusterKinds: ReadonlySet<string> = new Set<ClusterPayload['kind']>(['train-fold', 'train-trial', 'images-train']);

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
    case 'images-train': {
      const models = ([1, 2] as const).flatMap((phase) => {
        try {
          const m = readImageModel(db, job.spec.runId, phase);
          return [{ ...m, phase, weights: m.weights ? m.weights.toString('base64') : null }];
        } catch (err) {
          // That phase stored no model (phase 2 not asked for, or not kept).
          if (err instanceof AssayError && err.code === 'NOT_FOUND') return [];
          throw err;
        }
      });
      return { kind: 'images-train', result: result as JobResults['images-train'], run: getImageRun(db, job.spec.runId), models };
    }
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
      if (payload.kind === 'images-train') {
        writeImageRun(db, payload.run);
        for (const { phase, weights, ...m } of payload.models) writeImageModel(db, payload.run.runId, phase, { ...m, weights: weights === null ? null : Buffer.from(weights, 'base64') });
      }
      return true;
    })
    .immediate();
}
