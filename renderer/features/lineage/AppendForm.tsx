import { useEffect, useState } from 'react';
import { describeDifference } from '../../../preload/contract/lineage';
import { isFinished, JobProgress, useJob } from '../jobs';
import { useReadOnly } from '../project';
import { cancelAppend, noteMismatch, startAppend, useAppendEntry } from './append-slice';

/**
 * Appends a file to this dataset. When its schema differs the host refuses with the
 * differences, and this form asks: add the new columns (old rows get nulls), cast changed
 * types to the dataset's, or cancel.
 */
export function AppendForm({ datasetId }: { readonly datasetId: number }) {
  const readOnly = useReadOnly();
  const entry = useAppendEntry(datasetId);
  const job = useJob(entry?.jobId ?? undefined);
  const [path, setPath] = useState('');
  useEffect(() => {
    if (job?.status === 'failed' && job.error?.code === 'SCHEMA_MISMATCH') noteMismatch(datasetId, job.error.detail);
  }, [job?.status, job?.error, datasetId]);
  if (readOnly) return null;

  const diffs = entry?.differences ?? null;
  if (entry && diffs) {
    const columns = diffs.some((d) => d.kind !== 'type-changed');
    const types = diffs.some((d) => d.kind === 'type-changed');
    return (
      <div className="append-question" data-testid="append-question">
        <p>
          <strong>{entry.path.split(/[\\/]/).pop()}</strong> does not match this dataset:
        </p>
        <ul>
          {diffs.map((d) => (
            <li key={`${d.kind}:${d.column}`} data-testid="append-difference">
              {describeDifference(d)}
            </li>
          ))}
        </ul>
        <div className="append-actions">
          <button
            type="button"
            className="primary"
            data-testid="append-accept"
            onClick={() => void startAppend(datasetId, entry.path, { addColumns: columns, castTypes: types })}
          >
            {[columns ? 'Add the columns (old rows get nulls)' : '', types ? "cast to the dataset's types" : ''].filter(Boolean).join(' and ')}
          </button>
          <button type="button" data-testid="append-cancel" onClick={() => cancelAppend(datasetId)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  const running = job !== undefined && !isFinished(job);
  return (
    <form
      className="append-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) void startAppend(datasetId, path.trim());
      }}
    >
      <input type="text" placeholder="Append a file: /path/to/more.csv" value={path} data-testid="append-path" onChange={(e) => setPath(e.target.value)} />
      <button type="submit" className="small" data-testid="append-submit" disabled={running}>
        Append
      </button>
      {running && job && <JobProgress job={job} />}
      {job?.status === 'failed' && job.error?.code !== 'SCHEMA_MISMATCH' && <p className="error">{job.error?.message}</p>}
    </form>
  );
}
