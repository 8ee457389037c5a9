import type { ImportSpec, JobInfo } from '../../../preload/contract';
import { client } from '../../lib/client';
import { noteProfileJob, upsertJob } from '../jobs';
import { forgetProfile, setProfile } from '../profile';
import { isReadOnlyNow } from '../project';
import { reportError } from '../toasts';
import { selectDataset, setDatasets, setTab } from './slice';

/** Imports this window started: their success selects the dataset. */
const ownJobs = new Set<string>();
const handledJobs = new Set<string>();

export function isOwnJob(jobId: string): boolean {
  return ownJobs.has(jobId);
}

/**
 * Once per job that succeeded: an import shows its new dataset (the host profiles it by
 * itself); a profile's result replaces the profile shown, e.g. one from before an append.
 */
export async function onJobSucceeded(job: JobInfo): Promise<void> {
  if (job.status !== 'succeeded' || job.datasetId === undefined || handledJobs.has(job.id)) return;
  if (job.kind === 'profile') {
    handledJobs.add(job.id);
    forgetProfile(job.datasetId);
    return;
  }
  if (job.kind !== 'import') return;
  handledJobs.add(job.id);
  const datasetId = job.datasetId;
  try {
    await loadDatasets();
  } catch (err) {
    reportError(err);
  }
  selectDataset(datasetId);
  setTab('data');
}

export async function loadDatasets(): Promise<void> {
  setDatasets(await client().invoke('dataset:list', null));
}

/** Starts one import job; its success selects the new dataset, which the host profiles. */
export async function startImportJob(spec: ImportSpec): Promise<string> {
  const { jobId } = await client().invoke('import:start', spec);
  ownJobs.add(jobId);
  // The host pushes the job too; fetching it here closes the race if the push came first.
  const jobs = await client().invoke('job:list', null);
  const job = jobs.find((j) => j.id === jobId);
  if (job) {
    upsertJob(job);
    void onJobSucceeded(job);
  }
  return jobId;
}

/** Profiles a dataset the host did not (a database or API import, a failed profile) or again. */
export async function startProfile(datasetId: number): Promise<void> {
  if (isReadOnlyNow()) return;
  try {
    const { jobId } = await client().invoke('profile:start', { datasetId });
    noteProfileJob(datasetId, jobId);
  } catch (err) {
    reportError(err);
  }
}

export async function loadProfile(datasetId: number): Promise<void> {
  setProfile(datasetId, 'loading');
  try {
    setProfile(datasetId, await client().invoke('dataset:profile', { datasetId }));
  } catch (err) {
    forgetProfile(datasetId);
    reportError(err);
  }
}
