import { create } from 'zustand';
import type { RegisteredModel } from '../../../preload/contract/registry';

/** What the Models area's main pane shows for the selected model. */
export type ModelsView = 'versions' | 'compare';

export interface ModelsState {
  readonly models: readonly RegisteredModel[];
  /** null until the first registry:list answer, so "no models" is not shown while loading. */
  readonly loaded: boolean;
  readonly selectedName: string | null;
  /** The version whose card the editor shows; null = the newest. */
  readonly cardVersion: number | null;
  readonly view: ModelsView;
  /** The two versions compared: [left, right]. */
  readonly compare: readonly [number | null, number | null];
}

/** Shown wherever a registry action is disabled because the project is read-only. */
export const readOnlyReason = 'This project is open read-only: registering, promoting and editing cards are disabled. Use Save As for an editable copy.';

export const emptyModels: ModelsState = { models: [], loaded: false, selectedName: null, cardVersion: null, view: 'versions', compare: [null, null] };

export const useModelsStore = create<ModelsState>()(() => emptyModels);

/** The registry list (an answer or a registry:changed push): a selection that is gone is dropped. */
export function setModels(models: readonly RegisteredModel[]): void {
  useModelsStore.setState((s) => {
    const selected = models.find((m) => m.name === s.selectedName) ?? models[0] ?? null;
    const versions = new Set(selected?.versions.map((v) => v.version) ?? []);
    const keep = (v: number | null): number | null => (v !== null && versions.has(v) ? v : null);
    const same = selected?.name === s.selectedName;
    return {
      models,
      loaded: true,
      selectedName: selected?.name ?? null,
      cardVersion: same ? keep(s.cardVersion) : null,
      compare: same && (keep(s.compare[0]) !== null || keep(s.compare[1]) !== null) ? [keep(s.compare[0]), keep(s.compare[1])] : defaultCompare(selected),
    };
  });
}

/** The two newest versions, older on the left. */
function defaultCompare(model: RegisteredModel | null | undefined): readonly [number | null, number | null] {
  const v = model?.versions ?? [];
  return [v[1]?.version ?? null, v[0]?.version ?? null];
}

export function selectModel(name: string): void {
  useModelsStore.setState((s) => ({
    selectedName: name,
    cardVersion: null,
    compare: defaultCompare(s.models.find((m) => m.name === name)),
  }));
}

export function setCardVersion(version: number | null): void {
  useModelsStore.setState({ cardVersion: version });
}

export function setModelsView(view: ModelsView): void {
  useModelsStore.setState({ view });
}

export function setCompareSide(side: 0 | 1, version: number | null): void {
  useModelsStore.setState((s) => ({ compare: side === 0 ? [version, s.compare[1]] : [s.compare[0], version] }));
}

export function resetModels(): void {
  useModelsStore.setState(emptyModels);
}

export const useModels = (): readonly RegisteredModel[] => useModelsStore((s) => s.models);
export const useModelsLoaded = (): boolean => useModelsStore((s) => s.loaded);
export const useSelectedModel = (): RegisteredModel | null => useModelsStore((s) => s.models.find((m) => m.name === s.selectedName) ?? null);
export const useCardVersion = (): number | null => useModelsStore((s) => s.cardVersion);
export const useModelsView = (): ModelsView => useModelsStore((s) => s.view);
export const useCompare = (): readonly [number | null, number | null] => useModelsStore((s) => s.compare);
