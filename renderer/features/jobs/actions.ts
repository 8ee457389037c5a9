import { client } from '../../lib/client';
import { reportError } from '../toasts';
import { setJobs } from './slice';

export async function loadJobs(): Promise<void> {
  setJobs(await client().invoke('job:list', null));
}

export async function cancelJob(jobId: string): Promise<void> {
  try {
    await client().invoke('job:cancel', { jobId });
  } catch (err) {
    reportError(err);
  }
}
