import { useEffect } from 'react';
import type { DatasetSummary } from '../../../preload/contract';
import type { PrivacyAction } from '../../../preload/contract/governance';
import { isFinished, JobProgress, useJob } from '../jobs';
import { useReadOnly } from '../project';
import { applyPrivacy, chooseAction, refreshKey, scanDataset, setKeyFile, useChoices, useFindings, useKeyFile, useKeyInfo, usePrivacyJobId } from './slice';
import './privacy.css';

const actionLabels: Record<PrivacyAction, string> = {
  pseudonymise: 'Pseudonymise (keyed HMAC)',
  mask: 'Mask (keep last 4)',
  drop: 'Drop the column',
};

/** Likely personal data per column, and what to do with each: applied as one job, recorded in lineage. */
export function PrivacyView({ dataset }: { readonly dataset: DatasetSummary }) {
  const findings = useFindings(dataset.id);
  const choices = useChoices(dataset.id);
  const keyFile = useKeyFile();
  const key = useKeyInfo();
  const readOnly = useReadOnly();
  const job = useJob(usePrivacyJobId(dataset.id));
  const running = job !== undefined && !isFinished(job);
  const shape = dataset.columns.map((c) => `${c.name}/${c.type}`).join(',');

  useEffect(() => {
    void scanDataset(dataset.id);
  }, [dataset.id, shape]);
  // The key exists (and has a fingerprint) once the first pseudonymisation created it.
  useEffect(() => {
    void refreshKey();
  }, [job?.status]);

  const found = findings === 'scanning' || findings === undefined ? null : findings;
  const byColumn = new Map((found ?? []).map((f) => [f.column, f]));
  const chosen = Object.keys(choices).length;
  const needsKey = Object.values(choices).includes('pseudonymise');

  return (
    <div className="privacy-view" data-testid="privacy-view">
      <p className="muted" data-testid="privacy-summary">
        {found === null
          ? 'Looking for personal data…'
          : found.length === 0
            ? 'No likely personal data found in a sample of this dataset.'
            : `${found.length} column${found.length === 1 ? '' : 's'} look like personal data. Pick what to do with each, then apply.`}
      </p>
      <table className="privacy-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Looks like</th>
            <th>Confidence</th>
            <th>Examples</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {dataset.columns.map((c) => {
            const f = byColumn.get(c.name);
            return (
              <tr key={c.name} data-testid={`privacy-row-${c.name}`} className={f ? 'pii' : undefined}>
                <td>{c.name}</td>
                <td data-testid={`privacy-kind-${c.name}`} title={f?.reason}>
                  {f ? f.kind : '—'}
                </td>
                <td>{f ? `${Math.round(f.confidence * 100)} %` : ''}</td>
                <td className="examples">{f ? f.examples.join(', ') : ''}</td>
                <td>
                  <select
                    aria-label={`Action for ${c.name}`}
                    data-testid={`privacy-action-${c.name}`}
                    value={choices[c.name] ?? ''}
                    disabled={readOnly || running}
                    onChange={(e) => chooseAction(dataset.id, c.name, (e.target.value || null) as PrivacyAction | null)}
                  >
                    <option value="">Leave as is</option>
                    {(Object.keys(actionLabels) as PrivacyAction[]).map((a) => (
                      <option key={a} value={a}>
                        {actionLabels[a]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="privacy-key">
        <label>
          Key file{' '}
          <input
            type="text"
            data-testid="privacy-key-file"
            placeholder="default: Assay's settings folder (the OS keychain in the desktop app)"
            value={keyFile}
            size={60}
            onChange={(e) => void setKeyFile(e.target.value)}
          />
        </label>
        <p className="muted" data-testid="privacy-key-info">
          {key
            ? `Key: ${key.store === 'keychain' ? 'OS keychain' : 'file'} ${key.location}${key.fingerprint ? ` · fingerprint ${key.fingerprint}` : ' · created (0600) on first use'}. It never enters the project; keep it to make the same pseudonyms later.`
            : ''}
        </p>
      </div>
      {running && job ? (
        <JobProgress job={job} />
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="privacy-apply"
          disabled={readOnly || chosen === 0}
          onClick={() => void applyPrivacy(dataset.id)}
        >
          Apply to {chosen} column{chosen === 1 ? '' : 's'}
          {needsKey ? ' with the key' : ''}
        </button>
      )}
      {job?.status === 'succeeded' && <p data-testid="privacy-done">Applied: recorded in the dataset's lineage.</p>}
      {job?.status === 'failed' && <p className="error">{job.error?.message}</p>}
    </div>
  );
}
