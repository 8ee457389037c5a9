import { create } from 'zustand';
import type { TrainRunDetail, TrainRunSummary } from '../../../preload/contract/train';
import { emptyDraft, type TrainDraft } from './form';
import type { RunSort, SortKey } from './runs-table';

/** What the Train area's main pane shows. */
export type TrainView = 'setup' | 'run' | 'compare' | 'compute';

export interface TrainState {
  readonly byId: Readonly<Record<number, TrainRunSummary>>;
  /** Full details (with plots) of finished runs, fetched when a run is opened. */
  readonly details: Readonly<Record<number, TrainRunDetail>>;
  readonly selectedId: number | null;
  readonly view: TrainView;
  /** Runs ticked for the side-by-side comparison, in the order they were ticked. */
  readonly compareIds: readonly number[];
  readonly sort: RunSort;
  /** The setup form, kept while the user looks elsewhere. */
  readonly draft: TrainDraft;
}

export const emptyTrain: TrainState = {
  byId: {},
  details: {},
  selectedId: null,
  view: 'setup',
  compareIds: [],
  sort: { key: 'runId', dir: 'desc' },
  draft: emptyDraft,
};

export const useTrainStore = create<TrainState>()(() => emptyTrain);

export function isRunFinished(run: TrainRunSummary): boolean {
  return run.status !== 'running';
}

/** The host's list (at start, after a reconnect): replaces what was known; stale details go. */
export function setRuns(list: readonly TrainRunSummary[]): void {
  useTrainStore.setState((s) => {
    const byId: Record<number, TrainRunSummary> = {};
    for (const r of list) byId[r.runId] = r;
    const details: Record<number, TrainRunDetail> = {};
    for (const [id, d] of Object.entries(s.details)) {
      const run = byId[Number(id)];
      if (run && run.status === d.summary.status) details[Number(id)] = d;
    }
    const selectedId = s.selectedId !== null && byId[s.selectedId] ? s.selectedId : null;
    return {
      byId,
      details,
      selectedId,
      view: selectedId === null && s.view === 'run' ? 'setup' : s.view,
      compareIds: s.compareIds.filter((id) => byId[id] !== undefined),
    };
  });
}

/**
 * A train:update push. Returns true when this update ended the run, so the
 * caller can fetch its plots. A cached detail of an older state is dropped.
 */
export function upsertRun(run: TrainRunSummary): boolean {
  const prev = useTrainStore.getState().byId[run.runId];
  useTrainStore.setState((s) => {
    const details = { ...s.details };
    const cached = details[run.runId];
    if (cached && cached.summary.status !== run.status) delete details[run.runId];
    return { byId: { ...s.byId, [run.runId]: run }, details };
  });
  return isRunFinished(run) && (prev === undefined || !isRunFinished(prev));
}

export function setDetail(detail: TrainRunDetail): void {
  useTrainStore.setState((s) => ({
    details: { ...s.details, [detail.summary.runId]: detail },
    byId: { ...s.byId, [detail.summary.runId]: detail.summary },
  }));
}

export function selectRun(runId: number | null): void {
  useTrainStore.setState({ selectedId: runId, view: runId === null ? 'setup' : 'run' });
}

export function setTrainView(view: TrainView): void {
  useTrainStore.setState((s) => ({ view: view === 'run' && s.selectedId === null ? 'setup' : view }));
}

export function toggleCompare(runId: number): void {
  useTrainStore.setState((s) => ({
    compareIds: s.compareIds.includes(runId) ? s.compareIds.filter((id) => id !== runId) : [...s.compareIds, runId],
  }));
}

export function clearCompare(): void {
  useTrainStore.setState({ compareIds: [] });
}

/** Clicking a header: the same column flips the direction; a new column starts with its natural one. */
export function sortBy(key: SortKey, naturalDir: 'asc' | 'desc'): void {
  useTrainStore.setState((s) => ({
    sort: s.sort.key === key ? { key, dir: s.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: naturalDir },
  }));
}

export function setDraft(draft: TrainDraft): void {
  useTrainStore.setState({ draft });
}

export function resetTrain(): void {
  useTrainStore.setState(emptyTrain);
}

export const useRunsById = (): Readonly<Record<number, TrainRunSummary>> => useTrainStore((s) => s.byId);
export const useRun = (runId: number | null): TrainRunSummary | undefined => useTrainStore((s) => (runId === null ? undefined : s.byId[runId]));
export const useRunDetail = (runId: number | null): TrainRunDetail | undefined =>
  useTrainStore((s) => (runId === null ? undefined : s.details[runId]));
export const useSelectedRunId = (): number | null => useTrainStore((s) => s.selectedId);
export const useTrainView = (): TrainView => useTrainStore((s) => s.view);
export const useCompareIds = (): readonly number[] => useTrainStore((s) => s.compareIds);
export const useRunSort = (): RunSort => useTrainStore((s) => s.sort);
export const useDraft = (): TrainDraft => useTrainStore((s) => s.draft);
