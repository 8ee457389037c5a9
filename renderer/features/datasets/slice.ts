import { create } from 'zustand';
import type { DatasetSummary } from '../../../preload/contract';

export interface DatasetsState {
  readonly list: readonly DatasetSummary[];
  readonly selectedId: number | null;
  readonly tab: DatasetTab;
}

export type DatasetTab = 'data' | 'profile' | 'rules' | 'quarantine' | 'cleanse' | 'lineage' | 'privacy';

export const emptyDatasets: DatasetsState = { list: [], selectedId: null, tab: 'data' };

export const useDatasetsStore = create<DatasetsState>()(() => emptyDatasets);

export function setDatasets(list: readonly DatasetSummary[]): void {
  useDatasetsStore.setState((s) => {
    // Keep the selection while it still exists; otherwise fall back to the first dataset.
    const keep = s.selectedId !== null && list.some((d) => d.id === s.selectedId);
    return { list, selectedId: keep ? s.selectedId : (list[0]?.id ?? null) };
  });
}

export function selectDataset(id: number | null): void {
  useDatasetsStore.setState({ selectedId: id });
}

export function setTab(tab: DatasetTab): void {
  useDatasetsStore.setState({ tab });
}

export function resetDatasets(): void {
  useDatasetsStore.setState(emptyDatasets);
}

export const useDatasets = (): readonly DatasetSummary[] => useDatasetsStore((s) => s.list);
export const useSelectedId = (): number | null => useDatasetsStore((s) => s.selectedId);
export const useSelectedDataset = (): DatasetSummary | null =>
  useDatasetsStore((s) => s.list.find((d) => d.id === s.selectedId) ?? null);
export const useTab = (): DatasetTab => useDatasetsStore((s) => s.tab);
