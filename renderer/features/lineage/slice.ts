import { create } from 'zustand';
import type { LineageEvent } from '../../../preload/contract/lineage';
import { client } from '../../lib/client';
import { reportError } from '../toasts';

export interface LineageState {
  readonly byDataset: Readonly<Record<number, readonly LineageEvent[]>>;
}

export const emptyLineage: LineageState = { byDataset: {} };

export const useLineageStore = create<LineageState>()(() => emptyLineage);

export async function loadLineage(datasetId: number): Promise<void> {
  try {
    const events = await client().invoke('lineage:list', { datasetId });
    useLineageStore.setState((s) => ({ byDataset: { ...s.byDataset, [datasetId]: events } }));
  } catch (err) {
    reportError(err);
  }
}

export function resetLineage(): void {
  useLineageStore.setState(emptyLineage);
}

export const useLineage = (datasetId: number): readonly LineageEvent[] | undefined => useLineageStore((s) => s.byDataset[datasetId]);
