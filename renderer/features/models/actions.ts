import { toErrorData } from '../../../preload/contract';
import type { ModelCard, ModelVersion, Stage } from '../../../preload/contract/registry';
import { setSection } from '../../app/section';
import { client } from '../../lib/client';
import { pushToast, reportError } from '../toasts';
import { selectModel, setModels, setModelsView } from './slice';

export async function loadModels(): Promise<void> {
  setModels(await client().invoke('registry:list', null));
}

export type RegisterOutcome = { readonly ok: true; readonly version: ModelVersion } | { readonly ok: false; readonly message: string };

/** Registers a run's model; a refusal comes back as text for the form to show. */
export async function registerRun(runId: number, name: string): Promise<RegisterOutcome> {
  try {
    const version = await client().invoke('registry:register', { runId, name: name.trim() });
    return { ok: true, version };
  } catch (err) {
    return { ok: false, message: toErrorData(err).message };
  }
}

/** Switches to the Models area with this model selected. */
export function openModel(name: string): void {
  setSection('models');
  selectModel(name);
  setModelsView('versions');
}

export async function promote(name: string, version: number, stage: Stage): Promise<void> {
  try {
    await client().invoke('registry:stage', { name, version, stage });
  } catch (err) {
    reportError(err);
  }
}

export async function rollback(name: string): Promise<void> {
  try {
    const v = await client().invoke('registry:rollback', { name });
    pushToast('success', `${name} version ${v.version} is back in production.`);
  } catch (err) {
    reportError(err);
  }
}

export async function saveCard(name: string, version: number, card: ModelCard): Promise<boolean> {
  try {
    await client().invoke('registry:card', { name, version, card });
    return true;
  } catch (err) {
    reportError(err);
    return false;
  }
}
