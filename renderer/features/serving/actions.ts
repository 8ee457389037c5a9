import type { ModelRef } from '../../../preload/contract/registry';
import { client } from '../../lib/client';
import { reportError } from '../toasts';
import { setServableModels, setServers, useServingStore } from './slice';

/** Registered versions and running servers, fetched when the Serve area opens and after a reconnect. */
export async function loadServing(): Promise<void> {
  const [models, servers] = await Promise.all([client().invoke('serve:models', null), client().invoke('serve:status', null)]);
  setServableModels(models);
  setServers(servers);
}

/** Starts a server from the form; the new server arrives through serve:status as well. */
export async function startServing(): Promise<void> {
  const { draft } = useServingStore.getState();
  if (!draft.model) return;
  try {
    await client().invoke('serve:start', {
      model: draft.model,
      ...(draft.candidate ? { canary: { model: draft.candidate, percent: draft.percent } } : {}),
      ...(draft.events.trim() ? { events: draft.events.trim() } : {}),
    });
    setServers(await client().invoke('serve:status', null));
  } catch (err) {
    reportError(err);
  }
}

/** The running servers again (an events feed's counters); a failed read waits for the next one. */
export async function refreshServers(): Promise<void> {
  try {
    setServers(await client().invoke('serve:status', null));
  } catch {
    // Disconnected: the reconnect banner says so, and loadServing runs again after it.
  }
}

export async function stopServing(serverId: string): Promise<void> {
  try {
    await client().invoke('serve:stop', { serverId });
    setServers(await client().invoke('serve:status', null));
  } catch (err) {
    reportError(err);
  }
}

/** A new split; `candidate` adds or replaces the second version (null removes it). */
export async function splitServing(serverId: string, percent: number, candidate?: ModelRef | null): Promise<void> {
  try {
    await client().invoke('serve:split', { serverId, percent, ...(candidate !== undefined ? { candidate } : {}) });
  } catch (err) {
    reportError(err);
  }
}

export async function swapServing(serverId: string, model: ModelRef): Promise<void> {
  try {
    await client().invoke('serve:swap', { serverId, model });
  } catch (err) {
    reportError(err);
  }
}
