import type { ImportSpec, JobInfo } from '../../../preload/contract';
import { client } from '../../lib/client';
import { importSourceFor } from '../../lib/upload';
import { noteProfileJob, removeUpload, setUpload, upsertJob } from '../jobs/slice';
import { forgetProfile, setProfile } from '../profile/slice';
import { isReadOnlyNow } from '../project/slice';
import { pushToast, reportError } from '../toasts/slice';
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

const readOnlyMessage =
  'This project is open read-only (review mode), so nothing can change it. Use "Save as" to make an editable copy.';

let uploadSeq = 0;
const uploadAborts = new Map<string, AbortController>();

/** Stops a browser-mode upload before its import starts; nothing reaches the project. */
export function cancelUpload(uploadId: string): void {
  uploadAborts.get(uploadId)?.abort();
}

/** Upload (browser mode) or hand over the real path (Electron), then start an import job per file. */
export async function importFiles(files: readonly File[]): Promise<void> {
  if (isReadOnlyNow()) {
    pushToast('info', readOnlyMessage);
    return;
  }
  for (const file of files) {
    const uploadId = `upload-${++uploadSeq}`;
    const abort = new AbortController();
    uploadAborts.set(uploadId, abort);
    try {
      setUpload({ id: uploadId, fileName: file.name, value: 0 });
      const source = await importSourceFor(file, (value) => setUpload({ id: uploadId, fileName: file.name, value }), abort.signal);
      removeUpload(uploadId);
      uploadAborts.delete(uploadId);
      await startImportJob({ source });
    } catch (err) {
      removeUpload(uploadId);
      uploadAborts.delete(uploadId);
      reportError(err);
    }
  }
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
