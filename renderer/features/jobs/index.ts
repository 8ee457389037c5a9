// What other features may use of jobs; they import nothing else from this folder (eslint.config.mjs).
export { JobProgress } from './JobProgress';
export { isFinished, noteProfileJob, upsertJob, useJob, useJobsStore, useProfileJob } from './slice';
