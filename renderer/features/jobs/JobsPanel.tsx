import type { ReactNode } from 'react';
import { jobKinds, type JobInfo } from '../../../preload/contract';
import { JobProgress } from './JobProgress';
import { hideJob, isFinished, useHidden, useJobOrder, useJobsStore } from './slice';
import './jobs.css';

/** `outcome` adds what a finished job produced under it (given by the app: it may link into other features). */
export function JobsPanel({ outcome }: { readonly outcome?: (job: JobInfo) => ReactNode }) {
  const order = useJobOrder();
  const hidden = useHidden();
  const byId = useJobsStore((s) => s.byId);
  const visible = order.map((id) => byId[id]).filter((j) => j !== undefined && !hidden[j.id] && jobKinds[j.kind].inJobsPanel);
  if (visible.length === 0) return null;
  return (
    <section className="jobs-panel" data-testid="jobs-panel" aria-label="Jobs">
      <h2>Jobs</h2>
      <div className="jobs-list">
        {visible.slice(0, 8).map((job) => (
          <div className="job-wrap" key={job.id}>
            <JobProgress job={job}>{outcome?.(job)}</JobProgress>
            {isFinished(job) && (
              <button type="button" className="dismiss" aria-label="Dismiss" title="Dismiss" onClick={() => hideJob(job.id)}>
                ×
              </button>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
