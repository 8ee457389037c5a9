/**
 * The typed protocol between the host's job manager and a worker process.
 * In: start | cancel. Out: progress | log | result | failed | cancelled.
 * Pure types plus tiny guards: imported by both sides.
 */
import type { ErrorData } from '../preload/contract/errors';
import type { BackendInfo, ImportResult, ImportSpec, DatasetProfile, Progress } from '../preload/contract/types';

export interface ImportJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
  readonly filePath: string;
  readonly fileName: string;
  readonly import: ImportSpec;
}

export interface ProfileJobSpec {
  readonly projectPath: string;
  readonly datasetId: number;
}

/** Exercises the job machinery itself (used by `assay doctor` and the tests). */
export interface SelftestJobSpec {
  readonly behaviour: 'count' | 'crash' | 'ignore-cancel' | 'fail';
  readonly steps: number;
  readonly stepMs: number;
}

export type WorkerJob =
  | { readonly kind: 'import'; readonly spec: ImportJobSpec }
  | { readonly kind: 'profile'; readonly spec: ProfileJobSpec }
  | { readonly kind: 'probe-backend'; readonly spec: Record<string, never> }
  | { readonly kind: 'selftest'; readonly spec: SelftestJobSpec };

export interface JobResults {
  readonly import: ImportResult;
  readonly profile: DatasetProfile;
  readonly 'probe-backend': BackendInfo;
  readonly selftest: { readonly steps: number };
}

export type ToWorker =
  | { readonly type: 'start'; readonly jobId: string; readonly job: WorkerJob }
  | { readonly type: 'cancel' };

export type FromWorker =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | { readonly type: 'result'; readonly result: JobResults[keyof JobResults] }
  | { readonly type: 'failed'; readonly error: ErrorData }
  | { readonly type: 'cancelled' };

export function isFromWorker(msg: unknown): msg is FromWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return type === 'progress' || type === 'log' || type === 'result' || type === 'failed' || type === 'cancelled';
}

export function isToWorker(msg: unknown): msg is ToWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return type === 'start' || type === 'cancel';
}

/** Progress updates are throttled to this interval (a few per second). */
export const progressIntervalMs = 200;
