import { create } from 'zustand';
import type { ExportCheck } from '../../../preload/contract/export';
import { emptyDraft, type ExportDraft } from './form';

export interface ExportState {
  readonly open: boolean;
  readonly draft: ExportDraft;
  readonly checking: boolean;
  readonly check: ExportCheck | null;
  /** The running (or last) export job; its progress lives in the jobs slice. */
  readonly jobId: string | null;
  readonly error: string | null;
}

export const emptyExport: ExportState = { open: false, draft: emptyDraft, checking: false, check: null, jobId: null, error: null };

export const useExportStore = create<ExportState>()(() => emptyExport);

export function openExportDialog(model: string): void {
  useExportStore.setState((s) => ({ ...emptyExport, open: true, draft: { ...s.draft, model } }));
}

export function closeExportDialog(): void {
  useExportStore.setState({ open: false });
}

export function editDraft(patch: Partial<ExportDraft>): void {
  // A changed target invalidates the last credentials check.
  useExportStore.setState((s) => ({ draft: { ...s.draft, ...patch }, check: null, error: null }));
}

export function setExportState(patch: Partial<ExportState>): void {
  useExportStore.setState(patch);
}

/** Takes a finished export's outcome off the dialog. */
export function dismissExportOutcome(): void {
  useExportStore.setState({ jobId: null, error: null });
}
