import type { JobInfo } from '../../../preload/contract';

/** How many of a job's warnings show under it; the host keeps a few more (JobInfo.logs). */
const shownLines = 3;

/** The warnings and errors the job's worker logged (info lines are diagnostics, not for the panel). */
export function JobLogs({ job }: { readonly job: JobInfo }) {
  const lines = (job.logs ?? []).filter((l) => l.level !== 'info').slice(-shownLines);
  if (lines.length === 0) return null;
  return (
    <div data-testid="job-logs">
      {lines.map((l, i) => (
        <div key={`${l.at}-${i}`} className={`job-detail ${l.level === 'error' ? 'error-text' : 'warn-text'}`} data-testid="job-log" data-level={l.level}>
          {l.message}
        </div>
      ))}
    </div>
  );
}
