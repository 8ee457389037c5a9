import { create } from 'zustand';
import { withLogLine, type JobInfo, type JobLogLine, type Progress } from '../../../preload/contract';

export interface JobsState {
  readonly byId: Readonly<Record<string, JobInfo>>;
  /** Newest first. */
  readonly order: readonly string[];
  /** Jobs the user dismissed from the panel. */
  readonly hidden: Readonly<Record<string, true>>;
  /** Profile jobs by dataset id, so the Profile tab can show the running one. */
  readonly profileJobFor: Readonly<Record<number, string>>;
}

export const emptyJobs: JobsState = { byId: {}, order: [], hidden: {}, profileJobFor: {} };

export const useJobsStore = create<JobsState>()(() => emptyJobs);

export function isFinished(job: JobInfo): boolean {
  return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
}

export function upsertJob(job: JobInfo): void {
  useJobsStore.setState((s) => {
    const prev = s.byId[job.id];
    // A late progress push must not roll back a finished job's state.
    const merged: JobInfo = prev && job.progress === null && prev.progress ? { ...job, progress: prev.progress } : job;
    return {
      byId: { ...s.byId, [job.id]: merged },
      order: prev ? s.order : [job.id, ...s.order],
    };
  });
}

export function setJobs(jobs: readonly JobInfo[]): void {
  useJobsStore.setState((s) => {
    const byId: Record<string, JobInfo> = { ...s.byId };
    for (const j of jobs) byId[j.id] = j;
    const known = new Set(s.order);
    const fresh = jobs.filter((j) => !known.has(j.id)).map((j) => j.id).reverse();
    return { byId, order: [...fresh, ...s.order] };
  });
}

export function setJobProgress(jobId: string, progress: Progress): void {
  useJobsStore.setState((s) => {
    const prev = s.byId[jobId];
    if (!prev || isFinished(prev)) return s;
    return { byId: { ...s.byId, [jobId]: { ...prev, progress, status: 'running' } } };
  });
}

/** A line the job's worker logged, kept as the host keeps it (the last few). */
export function addJobLog(jobId: string, line: JobLogLine): void {
  useJobsStore.setState((s) => {
    const prev = s.byId[jobId];
    if (!prev) return s;
    return { byId: { ...s.byId, [jobId]: { ...prev, logs: withLogLine(prev.logs, line) } } };
  });
}

export function hideJob(jobId: string): void {
  useJobsStore.setState((s) => ({ hidden: { ...s.hidden, [jobId]: true } }));
}

export function noteProfileJob(datasetId: number, jobId: string): void {
  useJobsStore.setState((s) => ({ profileJobFor: { ...s.profileJobFor, [datasetId]: jobId } }));
}

export const useJob = (jobId: string | undefined): JobInfo | undefined => useJobsStore((s) => (jobId ? s.byId[jobId] : undefined));
export const useJobOrder = (): readonly string[] => useJobsStore((s) => s.order);
export const useHidden = (): Readonly<Record<string, true>> => useJobsStore((s) => s.hidden);
/**
 * The profile job of a dataset: the one this window started while it runs, else
 * a running profile job with the dataset's title (the one the host starts after
 * every import, or one started before a reload), else the one this window started.
 */
export const useProfileJob = (datasetId: number, datasetName: string): JobInfo | undefined =>
  useJobsStore((s) => {
    const ownId = s.profileJobFor[datasetId];
    const own = ownId ? s.byId[ownId] : undefined;
    if (own && !isFinished(own)) return own;
    const title = `Profile ${datasetName}`;
    const running = s.order.map((id) => s.byId[id]).find((j) => j !== undefined && j.kind === 'profile' && j.title === title && !isFinished(j));
    return running ?? own;
  });
