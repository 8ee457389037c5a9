import { jobKinds } from '../../../preload/contract';
import { cancelUpload } from '../datasets/actions';
import { JobProgress, ProgressBar } from './JobProgress';
import { hideJob, isFinished, useHidden, useJobOrder, useJobsStore, useUploads } from './slice';

export function JobsPanel() {
  const order = useJobOrder();
  const hidden = useHidden();
  const uploads = useUploads();
  const byId = useJobsStore((s) => s.byId);
  const visible = order.map((id) => byId[id]).filter((j) => j !== undefined && !hidden[j.id] && jobKinds[j.kind].inJobsPanel);
  if (visible.length === 0 && uploads.length === 0) return null;
  return (
    <section className="jobs-panel" data-testid="jobs-panel" aria-label="Jobs">
      <h2>Jobs</h2>
      <div className="jobs-list">
        {uploads.map((u) => (
          <div className="job job-running" key={u.id} data-testid="upload">
            <div className="job-head">
              <span className="job-title">Uploading {u.fileName}</span>
              <span className="job-status status-running">{Math.round(u.value * 100)}%</span>
              <button type="button" className="small" data-testid="upload-cancel" onClick={() => cancelUpload(u.id)}>
                Cancel
              </button>
            </div>
            <ProgressBar value={u.value} />
          </div>
        ))}
        {visible.slice(0, 8).map((job) => (
          <div className="job-wrap" key={job.id}>
            <JobProgress job={job} />
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
