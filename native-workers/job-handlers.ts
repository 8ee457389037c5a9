/**
 * What the worker runs for each job kind: one handler per kind of preload/contract/jobs.ts (the
 * type makes a missing or unknown kind, or a handler answering another kind's result, an error).
 */
import type { JobKind } from '../preload/contract/jobs';
import type { JobResults, JobSpec, WorkerJob } from './protocol';
import type { JobContext } from './runtime/context';

export type JobHandler<K extends JobKind> = (spec: JobSpec<K>, ctx: JobContext) => Promise<JobResults[K]>;
export type JobHandlers = { readonly [K in JobKind]: JobHandler<K> };

// Each job's code is loaded when a job of its kind arrives: loading every module up front (tfjs,
// the database drivers, MQTT…) cost every job ~0.5 s before its first step.
export const jobHandlers: JobHandlers = {
  import: async (spec, ctx) => (await import('./jobs/import-file')).runImport(spec, ctx),
  profile: async (spec, ctx) => (await import('./jobs/profile')).runProfile(spec, ctx),
  'probe-backend': async () => (await import('./runtime/backend')).probeBackend(),
  selftest: async (spec, ctx) => (await import('./jobs/selftest')).runSelftest(spec, ctx),
  stream: async (spec, ctx) => (await import('./jobs/stream')).runStream(spec, ctx),
  'stream-detect': async (spec, ctx) => (await import('./jobs/stream-detect')).runStreamDetect(spec, ctx),
  'train-plan': async (spec, ctx) => (await import('./jobs/train/plan')).runTrainPlan(spec, ctx),
  'train-fold': async (spec, ctx) => (await import('./jobs/train/fold')).runTrainFold(spec, ctx),
  'train-trial': async (spec, ctx) => (await import('./jobs/train/trial')).runTrainTrial(spec, ctx),
  'train-refit': async (spec, ctx) => (await import('./jobs/train/refit')).runTrainRefit(spec, ctx),
  'train-final': async (spec, ctx) => (await import('./jobs/train/final')).runTrainFinal(spec, ctx),
  export: async (spec, ctx) => (await import('./jobs/export')).runExport(spec, ctx),
  validate: async (spec, ctx) => (await import('./ingest/rules/validate')).runValidate(spec, ctx),
  'recipe-preview': async (spec, ctx) => (await import('./jobs/recipe')).runRecipePreview(spec, ctx),
  'recipe-apply': async (spec, ctx) => (await import('./jobs/recipe')).runRecipeApply(spec, ctx),
  privacy: async (spec, ctx) => (await import('./jobs/privacy')).runPrivacy(spec, ctx),
  'db-import': async (spec, ctx) => (await import('./ingest/db/import-db')).runDbImport(spec, ctx),
  'http-import': async (spec, ctx) => (await import('./ingest/http/import-http')).runHttpImport(spec, ctx),
  'images-import': async (spec, ctx) => (await import('./jobs/images/import')).runImageImport(spec, ctx),
  'images-estimate': async (spec, ctx) => (await import('./jobs/images/estimate')).runImageEstimate(spec, ctx),
  'images-train': async (spec, ctx) => (await import('./jobs/images/train')).runImageTrain(spec, ctx),
  'images-embed': async (spec, ctx) => (await import('./jobs/images/embed-shard')).runImageEmbed(spec, ctx),
  'images-predict': async (spec, ctx) => (await import('./jobs/images/predict')).runImagePredict(spec, ctx),
  'images-export': async (spec, ctx) => (await import('./jobs/images/export')).runImageExport(spec, ctx),
  'recs-train': async (spec, ctx) => (await import('./jobs/recs/train')).runRecsTrain(spec, ctx),
  'monitor-check': async (spec, ctx) => (await import('./jobs/monitor-check')).runMonitorCheck(spec, ctx),
  'score-rows': async (spec, ctx) => (await import('./jobs/score-rows')).runScoreRows(spec, ctx),
  'dataset-export': async (spec, ctx) => (await import('./jobs/dataset-export')).runDatasetExport(spec, ctx),
};

/** Runs a job with its kind's handler. */
export function runJob<K extends JobKind>(job: WorkerJob<K>, ctx: JobContext): Promise<JobResults[K]> {
  const handler: JobHandler<K> = jobHandlers[job.kind];
  return handler(job.spec, ctx);
}
