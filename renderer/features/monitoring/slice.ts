import { create } from 'zustand';
import type { MonitorOverview } from '../../../preload/contract/monitoring';

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
}

export const emptyMonitoring: MonitoringState = { models: [], loaded: false, selected: null, window: '1d', overview: null, loading: false, checking: false };

export const useMonitoringStore = create<MonitoringState>()(() => emptyMonitoring);

export function setMonitoring(patch: Partial<MonitoringState>): void {
  useMonitoringStore.setState(patch);
}

/** Shown wherever an edit is disabled because the project is read-only. */
export const readOnlyReason = 'This project is open read-only: rules, schedules and checks that record alerts are disabled. Use Save As for an editable copy.';
