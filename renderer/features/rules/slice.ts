import { create } from 'zustand';

/** The validate job a dataset's Rules or Quarantine tab started, so it survives switching tabs. */
export interface RulesUiState {
  readonly jobFor: Readonly<Record<number, string>>;
  /** Bumped when a dataset's quarantine changed (a job ended, a row was fixed): views reload. */
  readonly quarantineVersion: Readonly<Record<number, number>>;
}

export const emptyRulesUi: RulesUiState = { jobFor: {}, quarantineVersion: {} };

export const useRulesUiStore = create<RulesUiState>()(() => emptyRulesUi);

export function noteValidateJob(datasetId: number, jobId: string): void {
  useRulesUiStore.setState((s) => ({ jobFor: { ...s.jobFor, [datasetId]: jobId } }));
}

export function quarantineChanged(datasetId: number): void {
  useRulesUiStore.setState((s) => ({ quarantineVersion: { ...s.quarantineVersion, [datasetId]: (s.quarantineVersion[datasetId] ?? 0) + 1 } }));
}

export function resetRulesUi(): void {
  useRulesUiStore.setState(emptyRulesUi);
}

export const useValidateJobId = (datasetId: number): string | undefined => useRulesUiStore((s) => s.jobFor[datasetId]);
export const useQuarantineVersion = (datasetId: number): number => useRulesUiStore((s) => s.quarantineVersion[datasetId] ?? 0);
