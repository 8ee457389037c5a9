import { useEffect } from 'react';
import { type DatasetSummary, plural } from '../../../preload/contract';
import { loadProfile, startProfile } from '../datasets';
import { isFinished, JobProgress, useProfileJob } from '../jobs';
import { useReadOnly } from '../project';
import { ColumnCard } from './ColumnCard';
import { useProfileEntry } from './slice';
import './profile.css';

export function ProfileView({ dataset }: { readonly dataset: DatasetSummary }) {
  const entry = useProfileEntry(dataset.id);
  const readOnly = useReadOnly();
  const job = useProfileJob(dataset.id, dataset.name);
  const running = job !== undefined && !isFinished(job);

  useEffect(() => {
    // Fetch when the dataset gains a profile, or on first view.
    if (entry === undefined || (entry === null && dataset.hasProfile)) void loadProfile(dataset.id);
  }, [entry, dataset.id, dataset.hasProfile]);

  if (entry === undefined || entry === 'loading') return <div className="empty-state">Loading profile…</div>;
  if (entry === null) {
    return (
      <div className="empty-state" data-testid="no-profile">
        <h2>No profile yet</h2>
        <p>A profile summarises every column: types, missing values, distributions.</p>
        {running && job ? (
          <JobProgress job={job} />
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="profile-button"
            disabled={readOnly}
            title={readOnly ? 'Read-only project: profiling would change it.' : undefined}
            onClick={() => void startProfile(dataset.id)}
          >
            Profile this dataset
          </button>
        )}
        {readOnly && <p className="note">Read-only project: profiling would change it. Use Save As for an editable copy.</p>}
      </div>
    );
  }
  return (
    <div className="profile-view" data-testid="profile-view">
      <p className="profile-meta">
        {plural(entry.columns.length, 'column')} · {plural(entry.rowCount, 'row')} · profiled {new Date(entry.createdAt).toLocaleString()}
      </p>
      <div className="column-cards">
        {entry.columns.map((c) => (
          <ColumnCard key={c.name} column={c} />
        ))}
      </div>
    </div>
  );
}
