import { useState } from 'react';
import type { ModelVersion } from '../../../preload/contract/registry';
import { nameProblem, openModel, readOnlyReason, registerRun } from '../models';
import { useReadOnly } from '../project';
import './train.css';

/**
 * "Register model…" on a finished run — a tabular run (default name dataset-target) or an image
 * run (image-set-classifier): a name, then a new version in the registry.
 */
export function RegisterModel({ runId, defaultName }: { readonly runId: number; readonly defaultName: string }) {
  const readOnly = useReadOnly();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(defaultName);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ModelVersion | null>(null);
  const invalid = nameProblem(name);
  const submit = async (): Promise<void> => {
    if (invalid) return;
    setBusy(true);
    const out = await registerRun(runId, name);
    setBusy(false);
    if (out.ok) {
      setDone(out.version);
      setOpen(false);
      setProblem(null);
    } else setProblem(out.message);
  };
  if (!open)
    return (
      <div className="register-model">
        {done && (
          <span className="muted" data-testid="register-done">
            Registered as{' '}
            <button type="button" className="link-button" data-testid="open-model" onClick={() => openModel(done.name)}>
              {done.name} v{done.version}
            </button>
          </span>
        )}
        {readOnly && <span className="muted register-note">Read-only: registering needs an editable copy (Save As).</span>}
        <button type="button" data-testid="register-open" disabled={readOnly} title={readOnly ? readOnlyReason : 'Give this run\'s model a name and a version in the registry'} onClick={() => setOpen(true)}>
          Register model…
        </button>
      </div>
    );
  return (
    <form
      className="register-model open"
      data-testid="register-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="register-name">
        <span className="field-label">Model name</span>
        <input
          data-testid="register-name"
          value={name}
          autoFocus
          onChange={(e) => {
            setName(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      <button type="submit" className="primary" data-testid="register-submit" disabled={invalid !== null || busy}>
        Register
      </button>
      <button type="button" data-testid="register-cancel" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {(problem ?? invalid) && (
        <span className="register-problem" role="alert" data-testid="register-problem">
          {problem ?? invalid}
        </span>
      )}
    </form>
  );
}
