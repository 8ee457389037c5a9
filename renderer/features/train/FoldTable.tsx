import type { JobInfo } from '../../../preload/contract';
import type { TrainRunSummary } from '../../../preload/contract/train';
import { ProgressBar } from '../../components/ProgressBar';
import { useJobsStore } from '../jobs';
import { formatDuration, formatNumber, metricLabel, orderedMetrics } from './runs-table';

/** The running jobs of a training run: fold jobs by fold, and the plan, refit or final job. */
function useRunJobs(runId: number): { folds: ReadonlyMap<number, JobInfo>; other: JobInfo | null } {
  const byId = useJobsStore((s) => s.byId);
  const running = Object.values(byId).filter((j) => j.runId === runId && j.status === 'running');
  return {
    folds: new Map(running.filter((j) => j.kind === 'train-fold' && j.fold !== undefined).map((j) => [j.fold!, j])),
    other: running.find((j) => j.kind === 'train-plan' || j.kind === 'train-refit' || j.kind === 'train-final') ?? null,
  };
}

function JobLine({ job }: { readonly job: JobInfo }) {
  return (
    <div className="fold-progress" data-testid="fold-progress">
      <ProgressBar value={job.progress?.value ?? 0} />
      <span className="muted">{job.progress?.detail ?? ''}</span>
    </div>
  );
}

/** One row per fold (and the final refit on the test split), with its status while the run goes. */
export function FoldTable({ run }: { readonly run: TrainRunSummary }) {
  const jobs = useRunJobs(run.runId);
  if (run.folds.length === 0) return <p className="muted" data-testid="fold-planning">{run.status === 'running' ? 'Planning the folds…' : 'No folds.'}</p>;
  const metrics = orderedMetrics(run).slice(0, 6);
  const folds = [...run.folds].sort((a, b) => (a.fold < 0 ? 1 : b.fold < 0 ? -1 : a.fold - b.fold));
  return (
    <>
    {jobs.other && (
      <div className="run-phase" data-testid="run-phase">
        <strong>{jobs.other.title}</strong>
        <JobLine job={jobs.other} />
      </div>
    )}
    <table className="rec-table fold-table" data-testid="fold-table">
      <thead>
        <tr>
          <th>Fold</th>
          <th>Status</th>
          <th className="num">Train rows</th>
          <th className="num">Validation rows</th>
          <th className="num">Time</th>
          {metrics.map((m) => (
            <th key={m} className="num">
              {metricLabel(m)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {folds.map((f) => {
          // The stored status changes when a job ends; a fold's running job is known sooner, from the jobs store.
          const job = f.status === 'queued' || f.status === 'running' ? jobs.folds.get(f.fold) : undefined;
          const status = job ? 'running' : f.status;
          return (
          <tr key={f.fold} data-testid="fold-row" data-status={status} className={f.fold < 0 ? 'final-row' : undefined}>
            <td>{f.fold < 0 ? 'final (test)' : f.fold + 1}</td>
            <td>
              <span className={`job-status status-${status}`}>{status}</span>
              {f.error && <div className="fold-error">{f.error}</div>}
              {job && <JobLine job={job} />}
            </td>
            <td className="num">{f.trainRows.toLocaleString('en-US')}</td>
            <td className="num">{f.validationRows.toLocaleString('en-US')}</td>
            <td className="num">{formatDuration(f.seconds)}</td>
            {metrics.map((m) => (
              <td key={m} className="num">
                {formatNumber(f.metrics[m])}
              </td>
            ))}
          </tr>
          );
        })}
      </tbody>
    </table>
    </>
  );
}
