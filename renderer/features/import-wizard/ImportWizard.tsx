import { useEffect } from 'react';
import { useJob } from '../jobs';
import { closeWizard, goToStep, importAllRemaining, importBlockedReason, importCurrent, nextStep, setExtra, stepOrder } from './actions';
import { PreviewTable } from './PreviewTable';
import { useWizard, type WizardStepId } from './slice';
import { SourceStep } from './SourceStep';
import { wizardSlots } from './steps';
import './import-wizard.css';
import { plural } from '../../../preload/contract';

const titles: Record<WizardStepId, string> = { source: 'Source', schema: 'Schema', rules: 'Rules', recipe: 'Recipe', import: 'Import' };

function LastJob({ jobId }: { jobId: string }) {
  const job = useJob(jobId);
  if (!job) return null;
  return (
    <p className="wizard-last" data-testid="wizard-last-job">
      {job.title}: {job.status}
      {job.progress ? ` · ${job.progress.detail}` : ''}
    </p>
  );
}

/**
 * Files dropped or picked are set up here before they are imported: Source (how the file
 * is read, with a live preview), then the slots for Schema, Rules and Recipe, then Import.
 * Enter moves on (and imports on the last step); Esc closes without importing.
 */
export function ImportWizard() {
  const state = useWizard();
  const { open, queue, current, step, preview, previewError, loading, started } = state;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        closeWizard();
      } else if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement) && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        nextStep();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!open) return null;
  const file = queue[current];
  const slot = wizardSlots.find((s) => s.id === step);
  const ready = Boolean(file?.source);
  const blocked = importBlockedReason(state);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeWizard()}>
      <div className="modal import-wizard" role="dialog" aria-label="Import" data-testid="import-wizard" data-step={step}>
        <div className="modal-head">
          <strong data-testid="wizard-file">
            Import {file?.fileName ?? ''}
            {queue.length > 1 ? ` (${current + 1} of ${queue.length})` : ''}
          </strong>
          <button type="button" className="ghost" aria-label="Close" onClick={closeWizard}>
            ✕
          </button>
        </div>
        <nav className="wizard-steps">
          {stepOrder.map((s) => (
            <button key={s} type="button" className={s === step ? 'active' : ''} data-testid={`wizard-step-${s}`} onClick={() => goToStep(s)}>
              {titles[s]}
            </button>
          ))}
        </nav>
        {/* The steps scroll inside the dialog; the head, the step tabs and the buttons stay in view. */}
        <div className="wizard-body" data-testid="wizard-body">
          {file?.error && (
            <p className="wizard-error" data-testid="wizard-error">
              {file.error}
            </p>
          )}
          {!ready && !file?.error && <p data-testid="wizard-uploading">Uploading {file?.fileName}…</p>}
          {step === 'source' && <SourceStep state={state} preview={preview} />}
          {slot && (
            <div className="wizard-slot" data-testid={`wizard-slot-${slot.id}`}>
              {slot.render && preview ? slot.render({ preview, value: state.extras[slot.field], onChange: (v) => setExtra(slot.field, v) }) : <p className="muted">Nothing to set here yet: the import uses what it infers.</p>}
            </div>
          )}
          {step === 'import' && (
            <p data-testid="wizard-summary">
              {preview ? `${preview.format}${preview.encoding ? `, ${preview.encoding}` : ''}, ${plural(preview.columns.length, 'column')}.` : ''} Press Enter or Import to start; progress shows in the jobs panel.
            </p>
          )}
          {previewError && (
            <p className="wizard-error" data-testid="wizard-preview-error">
              {previewError}
            </p>
          )}
          {loading && !preview && <p data-testid="wizard-loading">Reading the start of the file…</p>}
          {preview && (step === 'source' || step === 'import') && <PreviewTable preview={preview} />}
          {started.length > 0 && <LastJob jobId={started[started.length - 1].jobId} />}
        </div>
        <div className="modal-actions">
          {blocked && (
            <span className="wizard-blocked" data-testid="wizard-blocked">
              {blocked}
            </span>
          )}
          {queue.length - current > 1 && (
            <button type="button" data-testid="wizard-import-all" disabled={!ready} onClick={() => void importAllRemaining()}>
              Import all {queue.length - current}
            </button>
          )}
          <button type="button" onClick={closeWizard} data-testid="wizard-cancel">
            Cancel
          </button>
          {step !== 'import' && (
            <button type="button" onClick={nextStep} data-testid="wizard-next">
              Next
            </button>
          )}
          <button type="button" className="primary" data-testid="wizard-import" disabled={!ready || blocked !== null} title={blocked ?? undefined} onClick={() => void importCurrent()}>
            Import
          </button>
        </div>
      </div>
    </div>
  );
}
