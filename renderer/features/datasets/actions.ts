import { client } from '../../lib/client';
import { importSourceFor } from '../../lib/upload';
import { noteProfileJob, removeUpload, setUpload, upsertJob } from '../jobs/slice';
import { forgetProfile, setProfile } from '../profile/slice';
import { isReadOnlyNow } from '../project/slice';
import { pushToast, reportError } from '../toasts/slice';
import { setDatasets } from './slice';

export async function loadDatasets(): Promise<void> {
  setDatasets(await client().invoke('dataset:list', null));
}

const readOnlyMessage =
  'This project is open read-only (review mode), so nothing can change it. Use "Save as" to make an editable copy.';

let uploadSeq = 0;

/** Upload (browser mode) or hand over the real path (Electron), then start an import job per file. */
export async function importFiles(files: readonly File[]): Promise<void> {
  if (isReadOnlyNow()) {
    pushToast('info', readOnlyMessage);
    return;
  }
  for (const file of files) {
    const uploadId = `upload-${++uploadSeq}`;
    try {
      setUpload({ id: uploadId, fileName: file.name, value: 0 });
      const source = await importSourceFor(file, (value) => setUpload({ id: uploadId, fileName: file.name, value }));
      removeUpload(uploadId);
      const { jobId } = await client().invoke('import:start', { source });
      // The host pushes the job too; fetching it here closes the race if the push came first or got lost.
      const jobs = await client().invoke('job:list', null);
      const job = jobs.find((j) => j.id === jobId);
      if (job) upsertJob(job);
    } catch (err) {
      removeUpload(uploadId);
      reportError(err);
    }
  }
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
