import { create } from 'zustand';
import type { AppendSpec, SchemaDifference } from '../../../preload/contract/lineage';
import { client } from '../../lib/client';
import { upsertJob } from '../jobs';
import { reportError } from '../toasts';

/** An append the user started from the Lineage tab, and the schema question it raised. */
export interface AppendEntry {
  readonly path: string;
  readonly jobId: string | null;
  /** Set when the file's schema differs: the user decides (add columns / cast / cancel). */
  readonly differences: readonly SchemaDifference[] | null;
}

export interface AppendState {
  readonly byDataset: Readonly<Record<number, AppendEntry>>;
}

export const useAppendStore = create<AppendState>()(() => ({ byDataset: {} }));

function put(datasetId: number, entry: AppendEntry | null): void {
  useAppendStore.setState((s) => {
    const next = { ...s.byDataset };
    if (entry) next[datasetId] = entry;
    else delete next[datasetId];
    return { byDataset: next };
  });
}

export async function startAppend(datasetId: number, path: string, allow: Omit<AppendSpec, 'datasetId'> = {}): Promise<void> {
  try {
    const { jobId } = await client().invoke('import:start', { source: { kind: 'path', path }, append: { datasetId, ...allow } });
    put(datasetId, { path, jobId, differences: null });
    const job = (await client().invoke('job:list', null)).find((j) => j.id === jobId);
    if (job) upsertJob(job);
  } catch (err) {
    reportError(err);
  }
}

/** The job failed because the schema differs: keep the differences so the form can ask. */
export function noteMismatch(datasetId: number, detail: string | undefined): void {
  const entry = useAppendStore.getState().byDataset[datasetId];
  if (!entry) return;
  let differences: SchemaDifference[] = [];
  try {
    differences = JSON.parse(detail ?? '[]') as SchemaDifference[];
  } catch {
    differences = [];
  }
  put(datasetId, { ...entry, jobId: null, differences });
}

export function cancelAppend(datasetId: number): void {
  put(datasetId, null);
}

export const useAppendEntry = (datasetId: number): AppendEntry | undefined => useAppendStore((s) => s.byDataset[datasetId]);
