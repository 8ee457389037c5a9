import { create } from 'zustand';
import type { ImportOptions, ImportPreview, ImportSource } from '../../../preload/contract';

export type WizardStepId = 'source' | 'schema' | 'rules' | 'recipe' | 'import';

/** One file waiting in the wizard: uploaded (browser mode) or with its path (Electron). */
export interface QueuedFile {
  readonly key: string;
  readonly fileName: string;
  /** Null while uploading. */
  readonly source: ImportSource | null;
  readonly error: string | null;
}

export interface WizardState {
  readonly open: boolean;
  readonly queue: readonly QueuedFile[];
  /** Index into queue of the file being set up. */
  readonly current: number;
  readonly step: WizardStepId;
  readonly options: ImportOptions;
  /** What the other steps (schema, rules, recipe) contribute to the ImportSpec, by field. */
  readonly extras: Readonly<Record<string, unknown>>;
  readonly preview: ImportPreview | null;
  readonly previewError: string | null;
  readonly loading: boolean;
  /** Import jobs started from this wizard session (file name → job id). */
  readonly started: readonly { readonly fileName: string; readonly jobId: string }[];
}

export const closedWizard: WizardState = {
  open: false,
  queue: [],
  current: 0,
  step: 'source',
  options: {},
  extras: {},
  preview: null,
  previewError: null,
  loading: false,
  started: [],
};

export const useWizardStore = create<WizardState>()(() => closedWizard);

export function patchWizard(patch: Partial<WizardState>): void {
  useWizardStore.setState(patch);
}

export function updateQueued(key: string, patch: Partial<QueuedFile>): void {
  useWizardStore.setState((s) => ({ queue: s.queue.map((f) => (f.key === key ? { ...f, ...patch } : f)) }));
}

export const useWizard = (): WizardState => useWizardStore((s) => s);
