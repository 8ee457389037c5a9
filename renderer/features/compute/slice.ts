import { create } from 'zustand';
import type { ComputeSettings, ComputeView } from '../../../preload/contract/compute';
import { client } from '../../lib/client';
import { reportError } from '../toasts';

export interface ComputeState {
  /** null until loaded. */
  readonly view: ComputeView | null;
}

export const useComputeStore = create<ComputeState>()(() => ({ view: null }));

export const useComputeView = (): ComputeView | null => useComputeStore((s) => s.view);

export async function loadCompute(): Promise<void> {
  try {
    useComputeStore.setState({ view: await client().invoke('compute:get', null) });
  } catch (err) {
    reportError(err);
  }
}

/** Saves the settings whole; false (with the host's reason shown) when refused. */
export async function saveCompute(settings: ComputeSettings): Promise<boolean> {
  try {
    useComputeStore.setState({ view: await client().invoke('compute:set', settings) });
    return true;
  } catch (err) {
    reportError(err);
    return false;
  }
}
