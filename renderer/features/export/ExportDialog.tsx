import type { ExportTargetKind } from '../../../preload/contract/export';
import { useJob } from '../jobs';
import { cancelExport, checkExportTarget, startExport } from './actions';
import { targetOf } from './form';
import { closeExportDialog, dismissExportOutcome, editDraft, useExportStore } from './slice';
import './export.css';

const kinds: readonly { value: ExportTargetKind; label: string; where: string; hint: string }[] = [
  { value: 'folder', label: 'Folder', where: 'Folder path', hint: 'A new or empty folder on this machine.' },
  { value: 's3', label: 'Amazon S3', where: 'Bucket', hint: 'Credentials from the AWS environment/profile of the app (AWS_PROFILE, ~/.aws); never stored.' },
  { value: 'azure', label: 'Azure Blob', where: 'Container', hint: 'Credentials from AZURE_STORAGE_CONNECTION_STRING in the app’s environment; never stored.' },
];

/** Export a registered model version: target, credentials check, progress, cancel. */
export function ExportDialog() {
  const s = useExportStore();
  const job = useJob(s.jobId ?? undefined);
  if (!s.open) return null;
  const kind = kinds.find((k) => k.value === s.draft.kind)!;
  const target = targetOf(s.draft);
  const running = job !== undefined && (job.status === 'queued' || job.status === 'running');
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !running && closeExportDialog()}>
      <div className="modal export-dialog" role="dialog" aria-modal="true" aria-label="Export model" data-testid="dialog-export">
        <div className="modal-head">
          <h2>Export model</h2>
        </div>
        <label>
          Registered model
          <input data-testid="export-model" value={s.draft.model} placeholder="churn@production" onChange={(e) => editDraft({ model: e.target.value })} disabled={running} />
        </label>
        <fieldset disabled={running}>
          <legend>Target</legend>
          {kinds.map((k) => (
            <label key={k.value}>
              <input type="radio" name="export-kind" value={k.value} checked={s.draft.kind === k.value} onChange={() => editDraft({ kind: k.value })} /> {k.label}
            </label>
          ))}
        </fieldset>
        <label>
          {kind.where}
          <input data-testid="export-where" value={s.draft.where} onChange={(e) => editDraft({ where: e.target.value })} disabled={running} />
        </label>
        {s.draft.kind !== 'folder' && (
          <label>
            Prefix
            <input data-testid="export-prefix" value={s.draft.prefix} placeholder="churn/v3" onChange={(e) => editDraft({ prefix: e.target.value })} disabled={running} />
          </label>
        )}
        <p className="muted">{kind.hint}</p>
        {s.check && (
          <p data-testid="export-check" data-ok={s.check.ok} className={s.check.ok ? 'muted' : 'train-problem'}>
            {s.check.ok ? '✓ ' : '✗ '}
            {s.check.message}
          </p>
        )}
        {job && (
          <div className={`export-outcome${job.status === 'failed' ? ' train-problem' : ''}`} data-testid="export-progress" data-status={job.status}>
            <p>
              {job.status === 'succeeded' ? 'Exported: the bundle passed the parity check.' : job.status === 'failed' ? `Failed: ${job.error?.message ?? ''}` : job.status === 'cancelled' ? 'Cancelled; no complete bundle was left.' : `${Math.round((job.progress?.value ?? 0) * 100)} % — ${job.progress?.detail ?? 'starting'}`}
              {running && <progress max={1} value={job.progress?.value ?? 0} />}
            </p>
            {!running && (
              <button type="button" className="dismiss" data-testid="export-dismiss" aria-label="Dismiss" title="Dismiss" onClick={dismissExportOutcome}>
                ×
              </button>
            )}
          </div>
        )}
        {s.error && (
          <p role="alert" className="train-problem">
            {s.error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" data-testid="export-check-button" onClick={() => void checkExportTarget()} disabled={running || s.checking || 'reason' in target}>
            {s.checking ? 'Checking…' : 'Check target'}
          </button>
          {running ? (
            <button type="button" data-testid="export-cancel" onClick={() => void cancelExport()}>
              Cancel export
            </button>
          ) : (
            <button type="button" data-testid="export-start" onClick={() => void startExport()} disabled={'reason' in target} title={'reason' in target ? target.reason : ''}>
              Export
            </button>
          )}
          <button type="button" onClick={closeExportDialog} disabled={running}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
