import type { RetrainRecord, RetrainSettings } from '../../../preload/contract/retrain';
import type { TrainRunSummary } from '../../../preload/contract/train';
import { client } from '../../lib/client';
import { pushToast, reportError } from '../toasts';
import { loadMonitorModels } from './actions';
import { setMonitoring, useMonitoringStore } from './slice';

const modelOf = (): string | null => useMonitoringStore.getState().overview?.model ?? null;

/** The shown model's retrain settings and history, and the datasets a retrain may use. */
export async function loadRetrain(): Promise<void> {
  const model = modelOf();
  if (!model) return;
  try {
    const [retrain, datasets] = await Promise.all([client().invoke('monitor:retrains', { model }), client().invoke('dataset:list', null)]);
    if (modelOf() === model) setMonitoring({ retrain, datasets: datasets.map((d) => d.name) });
  } catch (err) {
    reportError(err);
  }
}

/** `data`: '' for the training dataset as it is now, 'feedback', or a dataset name. */
export async function startRetrain(data: string, window: string): Promise<void> {
  const { selected } = useMonitoringStore.getState();
  if (!selected) return;
  try {
    const record = await client().invoke('monitor:retrain', { model: selected, window, ...(data === 'feedback' ? { fromFeedback: true } : data ? { data } : {}) });
    onRetrain(record);
  } catch (err) {
    reportError(err);
  }
}

export async function cancelRetrain(id: number): Promise<void> {
  try {
    await client().invoke('monitor:retrain-cancel', { id });
  } catch (err) {
    reportError(err);
  }
}

export async function promoteRetrain(id: number): Promise<void> {
  try {
    const r = await client().invoke('monitor:retrain-promote', { id });
    pushToast('info', `${r.model} v${r.challenger} is in production`);
  } catch (err) {
    reportError(err);
  }
}

export async function rollbackModel(name: string): Promise<void> {
  try {
    const v = await client().invoke('registry:rollback', { name });
    pushToast('info', `${name} v${v.version} is back in production`);
  } catch (err) {
    reportError(err);
  }
}

export async function saveRetrainSettings(patch: Partial<Omit<RetrainSettings, 'model'>>): Promise<void> {
  const current = useMonitoringStore.getState().retrain;
  if (!current) return;
  try {
    const settings = await client().invoke('monitor:retrain-settings', { ...current.settings, ...patch });
    setMonitoring({ retrain: { ...current, settings } });
  } catch (err) {
    reportError(err);
  }
}

/** A retrain started, ended or was promoted (monitor:retrain): the history shows it; a new challenger joins the version list. */
export function onRetrain(r: RetrainRecord): void {
  const { retrain, retrainProgress } = useMonitoringStore.getState();
  if (!retrain || retrain.settings.model !== r.model) return;
  const history = [r, ...retrain.history.filter((h) => h.id !== r.id)].sort((a, b) => b.id - a.id);
  const training = r.status === 'training' && r.runId !== null;
  setMonitoring({
    retrain: { ...retrain, history },
    retrainProgress: training ? (retrainProgress?.runId === r.runId ? retrainProgress : { runId: r.runId!, done: 0, total: 0 }) : retrainProgress?.runId === r.runId ? null : retrainProgress,
  });
  if (r.status !== 'training') void loadMonitorModels();
}

/** A training run changed (train:update): the retrain's progress when it is the retrain's run. */
export function onRetrainRun(run: TrainRunSummary): void {
  const p = useMonitoringStore.getState().retrainProgress;
  if (!p || p.runId !== run.runId) return;
  const finished = run.folds.filter((f) => f.status === 'succeeded' || f.status === 'failed' || f.status === 'cancelled').length;
  setMonitoring({ retrainProgress: { runId: run.runId, done: finished, total: run.folds.length } });
}
