import type { ReactNode } from 'react';
import type { JobInfo } from '../../../preload/contract';
import { ProgressBar } from '../../components/ProgressBar';
import { cancelJob } from './actions';
import { hintFor } from './hints';
import { JobLogs } from './JobLogs';
import { isFinished } from './slice';
import './jobs.css';

const statusLabel: Readonly<Record<JobInfo['status'], string>> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** `children`: what the job produced, shown inside its box (see JobsPanel's `outcome`). */
export function JobProgress({ job, children }: { readonly job: JobInfo; readonly children?: ReactNode }) {
  const done = isFinished(job);
  const value = job.status === 'succeeded' ? 1 : (job.progress?.value ?? 0);
  return (
    <div className={`job job-${job.status}`} data-testid="job" data-status={job.status} data-kind={job.kind}>
      <div className="job-head">
        <span className="job-title" data-testid="job-title">
          {job.title}
        </span>
        <span className={`job-status status-${job.status}`} data-testid="job-status">
          {statusLabel[job.status]}
        </span>
        {!done && (
          <button type="button" className="small" data-testid="job-cancel" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        )}
      </div>
      {!done && <ProgressBar value={value} indeterminate={job.progress === null} />}
      {!done && job.progress && (
        <div className="job-detail" data-testid="job-detail">
          {job.progress.title !== job.title ? `${job.progress.title} · ` : ''}
          {job.progress.detail}
          <span className="pct">{Math.round(value * 100)}%</span>
        </div>
      )}
      {children}
      <JobLogs job={job} />
      {job.status === 'cancelled' && <div className="job-detail">Stopped; nothing was changed.</div>}
      {job.status === 'failed' && job.error && (
        <div className="job-error" data-testid="job-error" role="alert">
          <div>{job.error.message}</div>
          <div className="hint">{hintFor(job.error.code, job.error.detail)}</div>
        </div>
      )}
    </div>
  );
}
