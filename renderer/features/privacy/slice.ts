import { create } from 'zustand';
import type { PiiFinding, PrivacyAction } from '../../../preload/contract/governance';
import { client } from '../../lib/client';
import { upsertJob } from '../jobs';
import { reportError } from '../toasts';

export interface KeyInfo {
  readonly store: 'file' | 'keychain';
  readonly location: string;
  readonly fingerprint: string | null;
}

export interface PrivacyState {
  readonly findings: Readonly<Record<number, readonly PiiFinding[] | 'scanning'>>;
  /** Per dataset, per column: the action chosen (absent = leave as is). */
  readonly choices: Readonly<Record<number, Readonly<Record<string, PrivacyAction>>>>;
  readonly keyFile: string;
  readonly key: KeyInfo | null;
  /** The apply job per dataset. */
  readonly jobFor: Readonly<Record<number, string>>;
}

export const emptyPrivacy: PrivacyState = { findings: {}, choices: {}, keyFile: '', key: null, jobFor: {} };

export const usePrivacyStore = create<PrivacyState>()(() => emptyPrivacy);

/** What each kind of finding suggests by default: identifiers that must still join are pseudonymised. */
const suggested: Record<PiiFinding['kind'], PrivacyAction> = { email: 'pseudonymise', name: 'pseudonymise', phone: 'mask', iban: 'pseudonymise', card: 'mask' };

export async function scanDataset(datasetId: number): Promise<void> {
  usePrivacyStore.setState((s) => ({ findings: { ...s.findings, [datasetId]: 'scanning' } }));
  try {
    const found = await client().invoke('privacy:scan', { datasetId });
    usePrivacyStore.setState((s) => ({
      findings: { ...s.findings, [datasetId]: found },
      choices: { ...s.choices, [datasetId]: Object.fromEntries(found.filter((f) => f.confidence >= 0.5).map((f) => [f.column, suggested[f.kind]])) },
    }));
  } catch (err) {
    usePrivacyStore.setState((s) => ({ findings: { ...s.findings, [datasetId]: [] } }));
    reportError(err);
  }
}

export function chooseAction(datasetId: number, column: string, action: PrivacyAction | null): void {
  usePrivacyStore.setState((s) => {
    const next = { ...(s.choices[datasetId] ?? {}) };
    if (action === null) delete next[column];
    else next[column] = action;
    return { choices: { ...s.choices, [datasetId]: next } };
  });
}

export async function setKeyFile(keyFile: string): Promise<void> {
  usePrivacyStore.setState({ keyFile });
  await refreshKey();
}

export async function refreshKey(): Promise<void> {
  const { keyFile } = usePrivacyStore.getState();
  try {
    const key = await client().invoke('privacy:key', keyFile.trim() ? { keyFile: keyFile.trim() } : {});
    usePrivacyStore.setState({ key });
  } catch (err) {
    usePrivacyStore.setState({ key: null });
    reportError(err);
  }
}

export async function applyPrivacy(datasetId: number): Promise<void> {
  const s = usePrivacyStore.getState();
  const actions = Object.entries(s.choices[datasetId] ?? {}).map(([column, action]) => ({ column, action, ...(action === 'mask' ? { keepLast: 4 } : {}) }));
  try {
    const { jobId } = await client().invoke('privacy:apply', { datasetId, actions, ...(s.keyFile.trim() ? { keyFile: s.keyFile.trim() } : {}) });
    usePrivacyStore.setState((st) => ({ jobFor: { ...st.jobFor, [datasetId]: jobId }, choices: { ...st.choices, [datasetId]: {} } }));
    const jobs = await client().invoke('job:list', null);
    const job = jobs.find((j) => j.id === jobId);
    if (job) upsertJob(job);
  } catch (err) {
    reportError(err);
  }
}

export function resetPrivacy(): void {
  usePrivacyStore.setState(emptyPrivacy);
}

export const useFindings = (datasetId: number): readonly PiiFinding[] | 'scanning' | undefined => usePrivacyStore((s) => s.findings[datasetId]);
export const useChoices = (datasetId: number): Readonly<Record<string, PrivacyAction>> => usePrivacyStore((s) => s.choices[datasetId] ?? noChoices);
export const useKeyFile = (): string => usePrivacyStore((s) => s.keyFile);
export const useKeyInfo = (): KeyInfo | null => usePrivacyStore((s) => s.key);
export const usePrivacyJobId = (datasetId: number): string | undefined => usePrivacyStore((s) => s.jobFor[datasetId]);
const noChoices: Readonly<Record<string, PrivacyAction>> = {};
