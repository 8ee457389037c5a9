import { create } from 'zustand';
import type { ImagePage, ImagePrediction, ImageRunSummary, ImageSetSummary, ImageTrainEstimate } from '../../../preload/contract/images';

/** The Images area: image sets, their thumbnails, training runs, predictions on dropped images. */
export type ImagesView = { readonly kind: 'set'; readonly setId: number } | { readonly kind: 'run'; readonly runId: number } | { readonly kind: 'none' };

export type GridFilter = 'all' | 'issues' | { readonly label: string };

export interface ImagesState {
  readonly sets: readonly ImageSetSummary[];
  readonly runs: readonly ImageRunSummary[];
  readonly loaded: boolean;
  readonly view: ImagesView;
  readonly filter: GridFilter;
  readonly page: ImagePage | null;
  readonly estimate: ImageTrainEstimate | null;
  readonly estimating: boolean;
  /** Thumbnails of misclassified images by image id (fetched for the run shown). */
  readonly thumbs: Readonly<Record<number, string>>;
  readonly predictions: readonly ImagePrediction[];
  readonly predicting: boolean;
  /** A set being imported: selected as soon as it appears. */
  readonly pendingSetId: number | null;
}

export const emptyImages: ImagesState = {
  sets: [],
  runs: [],
  loaded: false,
  view: { kind: 'none' },
  filter: 'all',
  page: null,
  estimate: null,
  estimating: false,
  thumbs: {},
  predictions: [],
  predicting: false,
  pendingSetId: null,
};

export const useImagesStore = create<ImagesState>()(() => emptyImages);

export function setSets(sets: readonly ImageSetSummary[]): void {
  useImagesStore.setState((s) => {
    const view: ImagesView = s.view.kind === 'none' && sets[0] ? { kind: 'set', setId: sets[0].id } : s.view.kind === 'set' && !sets.some((x) => x.id === (s.view as { setId: number }).setId) ? (sets[0] ? { kind: 'set', setId: sets[0].id } : { kind: 'none' }) : s.view;
    if (s.pendingSetId !== null && sets.some((x) => x.id === s.pendingSetId)) {
      return { sets, loaded: true, view: { kind: 'set', setId: s.pendingSetId }, pendingSetId: null, page: null, filter: 'all', estimate: null };
    }
    return { sets, loaded: true, view };
  });
}

export function expectSet(setId: number): void {
  useImagesStore.setState({ pendingSetId: setId });
}

export function resetImages(): void {
  useImagesStore.setState(emptyImages);
}

export function setRuns(runs: readonly ImageRunSummary[]): void {
  useImagesStore.setState({ runs });
}

/** A run pushed by the host (started or ended) replaces the one we hold. */
export function upsertImageRun(run: ImageRunSummary): void {
  useImagesStore.setState((s) => {
    const others = s.runs.filter((r) => r.runId !== run.runId);
    return { runs: [run, ...others].sort((a, b) => b.runId - a.runId) };
  });
}

export function showSet(setId: number): void {
  useImagesStore.setState({ view: { kind: 'set', setId }, filter: 'all', page: null, estimate: null });
}

export function showRun(runId: number): void {
  useImagesStore.setState({ view: { kind: 'run', runId }, predictions: [] });
}

export function setFilter(filter: GridFilter): void {
  useImagesStore.setState({ filter, page: null });
}

export function setPage(page: ImagePage): void {
  useImagesStore.setState({ page });
}

export function setEstimate(estimate: ImageTrainEstimate | null, estimating: boolean): void {
  useImagesStore.setState({ estimate, estimating });
}

export function addThumbs(thumbs: Readonly<Record<number, string>>): void {
  useImagesStore.setState((s) => ({ thumbs: { ...s.thumbs, ...thumbs } }));
}

export function setPredictions(predictions: readonly ImagePrediction[], predicting: boolean): void {
  useImagesStore.setState({ predictions, predicting });
}

export const useImageSets = (): readonly ImageSetSummary[] => useImagesStore((s) => s.sets);
export const useImageRuns = (): readonly ImageRunSummary[] => useImagesStore((s) => s.runs);
export const useImagesView = (): ImagesView => useImagesStore((s) => s.view);
