import { create } from 'zustand';
import type { MonitorOverview } from '../../../preload/contract/monitoring';
import type { RetrainOverview } from '../../../preload/contract/retrain';

/** A tabular model and its versions, newest first (image models have no input columns to drift). */
export interface MonitoredModel {
  readonly name: string;
  readonly versions: readonly number[];
}

export interface MonitoringState {
  readonly models: readonly MonitoredModel[];
  readonly loaded: boolean;
  /** NAME@VERSION shown. */
  readonly selected: string | null;
  /** 1h, 1d, 1w or N predictions. */
  readonly window: string;
  readonly overview: MonitorOverview | null;
  readonly loading: boolean;
  /** A check running now (the rules evaluated, drift included). */
  readonly checking: boolean;
  /** The shown model's retrain opt-ins and history (newest first). */
  readonly retrain: RetrainOverview | null;
  /** The retrain in flight's training run: folds finished of all (the refit counts as one). */
  readonly retrainProgress: { readonly runId: number; readonly done: number; readonly total: number } | null;
  /** Dataset names a retrain may train on. */
  readonly datasets: readonly string[];
}

export const emptyMonitoring: MonitoringState = { models: [], loaded: false, selected: null, window: '1d', overview: null, loading: false, checking: false, retrain: null, retrainProgress: null, datasets: [] };

export const useMonitoringStore = create<MonitoringState>()(() => emptyMonitoring);

export function setMonitoring(patch: Partial<MonitoringState>): void {
  useMonitoringStore.setState(patch);
}

/** Shown wherever an edit is disabled because the project is read-only. */
export const readOnlyReason = 'This project is open read-only: rules, schedules, checks that record alerts and retraining are disabled. Use Save As for an editable copy.';
