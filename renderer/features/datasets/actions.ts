import type { ImportSpec, JobInfo } from '../../../preload/contract';
import { client } from '../../lib/client';
import { noteProfileJob, upsertJob } from '../jobs';
import { forgetProfile, setProfile } from '../profile';
import { isReadOnlyNow } from '../project';
import { reportError } from '../toasts';
import { selectDataset, setDatasets, setTab } from './slice';

/** Imports this window started: their success selects the dataset and profiles it. */
const ownJobs = new Set<string>();
const handledImports = new Set<string>();

export function isOwnJob(jobId: string): boolean {
  return ownJobs.has(jobId);
}

/** After an import succeeds: show the new dataset and profile it (unless read-only). Runs once per job. */
export async function onImportSucceeded(job: JobInfo): Promise<void> {
  if (job.kind !== 'import' || job.status !== 'succeeded' || job.datasetId === undefined || handledImports.has(job.id)) return;
  handledImports.add(job.id);
  const datasetId = job.datasetId;
  try {
    await loadDatasets();
  } catch (err) {
    reportError(err);
  }
  selectDataset(datasetId);
  setTab('data');
  await startProfile(datasetId);
}

export async function loadDatasets(): Promise<void> {
  setDatasets(await client().invoke('dataset:list', null));
}

/** Starts one import job; its success selects the new dataset and profiles it. */
export async function startImportJob(spec: ImportSpec): Promise<string> {
  const { jobId } = await client().invoke('import:start', spec);
  ownJobs.add(jobId);
  // The host pushes the job too; fetching it here closes the race if the push came first.
  const jobs = await client().invoke('job:list', null);
  const job = jobs.find((j) => j.id === jobId);
  if (job) {
    upsertJob(job);
    void onImportSucceeded(job);
  }
  return jobId;
}

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
