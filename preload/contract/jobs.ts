/**
 * Every kind of job, declared once: a kind exists because it has a row in `jobKinds`. The worker
 * protocol (native-workers/protocol.ts: start spec and result per kind) and the worker's handlers
 * (native-workers/job-handlers.ts) are typed over `JobKind`, so a kind missing from either, or
 * present there and not here, fails to type-check.
 */

export interface JobKindMeta {
  /**
   * Whether the job's own status and result are written to the run row it was submitted with (if
   * any). False where a service keeps that row instead: a training run's plan, folds and refit
   * share one row (TrainService), an image run's row says what its phases did (ImagesService).
   */
  readonly ownsRunRow: boolean;
  /** Shown in the Jobs panel; housekeeping and training jobs are not (the Train area shows folds). */
  readonly inJobsPanel: boolean;
}

export const jobKinds = {
  import: { ownsRunRow: true, inJobsPanel: true },
  profile: { ownsRunRow: true, inJobsPanel: true },
  'probe-backend': { ownsRunRow: true, inJobsPanel: false },
  selftest: { ownsRunRow: true, inJobsPanel: true },
  stream: { ownsRunRow: true, inJobsPanel: true },
  'stream-detect': { ownsRunRow: true, inJobsPanel: true },
  'train-plan': { ownsRunRow: false, inJobsPanel: false },
  'train-fold': { ownsRunRow: false, inJobsPanel: false },
  'train-trial': { ownsRunRow: false, inJobsPanel: false },
  'train-refit': { ownsRunRow: false, inJobsPanel: false },
  'train-final': { ownsRunRow: false, inJobsPanel: false },
  export: { ownsRunRow: true, inJobsPanel: true },
  validate: { ownsRunRow: true, inJobsPanel: true },
  'recipe-preview': { ownsRunRow: true, inJobsPanel: true },
  'recipe-apply': { ownsRunRow: true, inJobsPanel: true },
  privacy: { ownsRunRow: true, inJobsPanel: true },
  'db-import': { ownsRunRow: true, inJobsPanel: true },
  'http-import': { ownsRunRow: true, inJobsPanel: true },
  'images-import': { ownsRunRow: true, inJobsPanel: true },
  'images-estimate': { ownsRunRow: true, inJobsPanel: true },
  'images-train': { ownsRunRow: false, inJobsPanel: true },
  'images-embed': { ownsRunRow: false, inJobsPanel: true },
  'images-predict': { ownsRunRow: true, inJobsPanel: true },
  'images-export': { ownsRunRow: true, inJobsPanel: true },
  'recs-train': { ownsRunRow: true, inJobsPanel: true },
  'monitor-check': { ownsRunRow: true, inJobsPanel: true },
  'score-rows': { ownsRunRow: false, inJobsPanel: true },
  'dataset-export': { ownsRunRow: false, inJobsPanel: true },
} as const satisfies Readonly<Record<string, JobKindMeta>>;

export type JobKind = keyof typeof jobKinds;

export type JobLogLevel = 'info' | 'warn' | 'error';

/** One line a worker logged while its job ran. */
export interface JobLogLine {
  readonly level: JobLogLevel;
  readonly message: string;
  /** When the host received it (ISO time). */
  readonly at: string;
}

/** How many of a job's last log lines its JobInfo keeps (for a window that attaches late). */
export const jobLogLimit = 20;

/** `logs` with `line` appended, keeping the last `jobLogLimit`: the host and the renderer keep the same. */
export function withLogLine(logs: readonly JobLogLine[] | undefined, line: JobLogLine): readonly JobLogLine[] {
  return [...(logs ?? []), line].slice(-jobLogLimit);
}
