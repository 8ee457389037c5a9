import { create } from 'zustand';
import type { RecsModelKind, RecsRunSummary, RecsTryAnswer } from '../../../preload/contract/recs';
import type { HoldoutChoice } from './form-model';

/** The train form: a dataset and which of its columns are the user, the item and the weight. */
export interface RecsDraft {
  readonly datasetId: number | null;
  readonly userColumn: string;
  readonly itemColumn: string;
  /** '' for none: every interaction counts 1. */
  readonly weightColumn: string;
  /** '' for none: the holdout is then random. */
  readonly timeColumn: string;
  readonly feedback: 'implicit' | 'explicit';
  readonly model: RecsModelKind;
  readonly k: number;
  readonly holdout: HoldoutChoice;
  /** N for last:N, the fraction for random:F. */
  readonly holdoutAmount: number;
  /** "factors=32, alpha=20". */
  readonly params: string;
  /** Item metadata (content and hybrid models): a dataset and its item-key column. */
  readonly itemsDatasetId: number | null;
  readonly itemKey: string;
}

export interface RecommendState {
  readonly runs: readonly RecsRunSummary[];
  readonly draft: RecsDraft;
  /** Runs started here whose job has not ended. */
  readonly training: readonly number[];
  readonly selectedRunId: number | null;
  readonly tryUser: string;
  readonly tried: RecsTryAnswer | null;
}

export const emptyRecommend: RecommendState = {
  runs: [],
  draft: {
    datasetId: null, userColumn: '', itemColumn: '', weightColumn: '', timeColumn: '', feedback: 'implicit', model: 'als', k: 10,
    holdout: 'default', holdoutAmount: 1, params: '', itemsDatasetId: null, itemKey: '',
  },
  training: [],
  selectedRunId: null,
  tryUser: '',
  tried: null,
};

export const useRecommendStore = create<RecommendState>()(() => emptyRecommend);

export function setRuns(runs: readonly RecsRunSummary[]): void {
  useRecommendStore.setState((s) => ({ runs, selectedRunId: s.selectedRunId !== null && runs.some((r) => r.runId === s.selectedRunId) ? s.selectedRunId : (runs[0]?.runId ?? null) }));
}

export function editDraft(patch: Partial<RecsDraft>): void {
  useRecommendStore.setState((s) => ({ draft: { ...s.draft, ...patch } }));
}

export function setTraining(training: readonly number[]): void {
  useRecommendStore.setState({ training });
}

export function selectRun(runId: number): void {
  useRecommendStore.setState({ selectedRunId: runId, tried: null });
}

export function setTryUser(tryUser: string): void {
  useRecommendStore.setState({ tryUser });
}

export function setTried(tried: RecsTryAnswer | null): void {
  useRecommendStore.setState({ tried });
}
