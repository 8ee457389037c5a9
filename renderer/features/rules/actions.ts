import type { RuleSet } from '../../../preload/contract';
import { client } from '../../lib/client';
import { loadDatasets } from '../datasets';
import { upsertJob } from '../jobs';
import { reportError } from '../toasts';
import { noteValidateJob } from './slice';

async function track(datasetId: number, jobId: string): Promise<void> {
  noteValidateJob(datasetId, jobId);
  // The host pushes the job too; fetching closes the race if the push came first.
  const job = (await client().invoke('job:list', null)).find((j) => j.id === jobId);
  if (job) upsertJob(job);
}

export async function validateDataset(datasetId: number): Promise<void> {
  try {
    const { jobId } = await client().invoke('rules:validate', { datasetId });
    await track(datasetId, jobId);
  } catch (err) {
    reportError(err);
  }
}

export async function revalidateQuarantine(datasetId: number, promote: boolean): Promise<void> {
  try {
    const { jobId } = await client().invoke('quarantine:revalidate', { datasetId, promote });
    await track(datasetId, jobId);
  } catch (err) {
    reportError(err);
  }
}

export async function saveRules(datasetId: number, rules: RuleSet): Promise<number | null> {
  try {
    const saved = await client().invoke('rules:save', { datasetId, rules });
    return saved.version;
  } catch (err) {
    reportError(err);
    return null;
  }
}

/** After a validate job: counts changed in the dataset list. */
export async function afterValidate(): Promise<void> {
  try {
    await loadDatasets();
  } catch (err) {
    reportError(err);
  }
}
