import type { ImportOptions, ImportSpec } from '../../../preload/contract';
import { client } from '../../lib/client';
import { importSourceFor } from '../../lib/upload';
import { startImportJob } from '../datasets';
import { isReadOnlyNow } from '../project';
import { pushToast, reportError } from '../toasts';
import { closedWizard, patchWizard, updateQueued, useWizardStore, type WizardState, type WizardStepId } from './slice';

export const stepOrder: readonly WizardStepId[] = ['source', 'schema', 'rules', 'recipe', 'import'];

let seq = 0;
let previewSeq = 0;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Dropped or picked files (a dropped folder gives all its files) go to the wizard; each is uploaded at once. */
export function openWizard(files: readonly File[]): void {
  if (isReadOnlyNow()) {
    pushToast('info', 'This project is open read-only (review mode), so nothing can change it. Use "Save as" to make an editable copy.');
    return;
  }
  if (files.length === 0) return;
  const s = useWizardStore.getState();
  const fresh = files.map((f) => ({ key: `f${++seq}`, fileName: f.webkitRelativePath || f.name, source: null, error: null }));
  patchWizard(s.open ? { queue: [...s.queue, ...fresh] } : { ...closedWizard, open: true, queue: fresh });
  files.forEach((file, i) => {
    const key = fresh[i].key;
    importSourceFor(file, () => undefined)
      .then((source) => {
        updateQueued(key, { source });
        const st = useWizardStore.getState();
        if (st.queue[st.current]?.key === key) void loadPreview();
      })
      .catch((err: unknown) => updateQueued(key, { error: messageOf(err) }));
  });
}

/** Re-reads the preview of the current file with the current options (stale answers are dropped). */
export async function loadPreview(): Promise<void> {
  const s = useWizardStore.getState();
  const file = s.queue[s.current];
  if (!file?.source) return;
  const mine = ++previewSeq;
  patchWizard({ loading: true });
  try {
    const preview = await client().invoke('import:preview', { source: file.source, options: s.options });
    if (mine === previewSeq) patchWizard({ preview, previewError: null, loading: false });
  } catch (err) {
    if (mine === previewSeq) patchWizard({ preview: null, previewError: messageOf(err), loading: false });
  }
}

export function setOption<K extends keyof ImportOptions>(key: K, value: ImportOptions[K] | undefined): void {
  const next: Record<string, unknown> = { ...useWizardStore.getState().options };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  patchWizard({ options: next as ImportOptions });
  void loadPreview();
}

export function setExtra(field: string, value: unknown): void {
  patchWizard({ extras: { ...useWizardStore.getState().extras, [field]: value } });
}

export function goToStep(step: WizardStepId): void {
  patchWizard({ step });
}

export function nextStep(): void {
  const { step } = useWizardStore.getState();
  const i = stepOrder.indexOf(step);
  if (step === 'import') {
    void importCurrent();
    return;
  }
  patchWizard({ step: stepOrder[i + 1] });
}

export function closeWizard(): void {
  patchWizard(closedWizard);
}

function specFor(source: NonNullable<ReturnType<typeof useWizardStore.getState>['queue'][number]['source']>, options: ImportOptions, extras: Readonly<Record<string, unknown>>): ImportSpec {
  // The other steps' fields (schema, rules, recipe) are theirs to type; they travel as given.
  return { ...extras, source, options } as ImportSpec;
}

/** Why the current file cannot be imported as set up (its upload or its preview failed), or null. */
export function importBlockedReason(s: Pick<WizardState, 'queue' | 'current' | 'previewError'>): string | null {
  const error = s.queue[s.current]?.error ?? s.previewError;
  // The import would read the file the same way and fail the same way: say so instead of starting it.
  return error ? 'Import is off: the file cannot be read as set up (see the error above). Change the options on the Source step, or cancel.' : null;
}

/** Imports the current file with the chosen settings, then moves to the next file (or closes). */
export async function importCurrent(): Promise<void> {
  const s = useWizardStore.getState();
  const file = s.queue[s.current];
  if (!file?.source || importBlockedReason(s) !== null) return;
  try {
    const jobId = await startImportJob(specFor(file.source, s.options, s.extras));
    const started = [...s.started, { fileName: file.fileName, jobId }];
    if (s.current + 1 < s.queue.length) {
      patchWizard({ started, current: s.current + 1, step: 'source', options: {}, extras: {}, preview: null, previewError: null });
      void loadPreview();
    } else closeWizard();
  } catch (err) {
    reportError(err);
  }
}

/** A dropped folder: every remaining file is imported with what is detected in it. */
export async function importAllRemaining(): Promise<void> {
  const s = useWizardStore.getState();
  const rest = s.queue.slice(s.current);
  closeWizard();
  for (const [i, file] of rest.entries()) {
    if (!file.source) continue;
    try {
      await startImportJob(i === 0 ? specFor(file.source, s.options, s.extras) : { source: file.source });
    } catch (err) {
      reportError(err);
    }
  }
}
