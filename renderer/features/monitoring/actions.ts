import type { MonitorRuleRequest } from '../../../preload/contract/monitoring';
import { client } from '../../lib/client';
import { pushToast, reportError } from '../toasts';
import { setMonitoring, useMonitoringStore, type MonitoredModel } from './slice';

/** The registered tabular models; the first version shown is the one already selected, else the newest of the first model. */
export async function loadMonitorModels(): Promise<void> {
  const registered = await client().invoke('registry:list', null);
  const models: MonitoredModel[] = registered
    .map((m) => ({ name: m.name, versions: m.versions.filter((v) => v.kind !== 'image').map((v) => v.version) }))
    .filter((m) => m.versions.length > 0);
  const { selected } = useMonitoringStore.getState();
  const still = selected !== null && models.some((m) => m.versions.some((v) => `${m.name}@${v}` === selected));
  const first = models[0];
  setMonitoring({ models, loaded: true, selected: still ? selected : first ? `${first.name}@${first.versions[0]!}` : null });
  await loadOverview();
}

export async function loadOverview(): Promise<void> {
  const { selected, window } = useMonitoringStore.getState();
  if (!selected) return setMonitoring({ overview: null });
  setMonitoring({ loading: true });
  try {
    const overview = await client().invoke('monitor:overview', { model: selected, window });
    // A later choice wins: drop an answer for a version no longer selected.
    if (useMonitoringStore.getState().selected === selected) setMonitoring({ overview });
  } catch (err) {
    reportError(err);
  } finally {
    setMonitoring({ loading: false });
  }
}

export function selectVersion(ref: string): void {
  setMonitoring({ selected: ref, overview: null });
  void loadOverview();
}

export function setWindow(window: string): void {
  setMonitoring({ window });
  void loadOverview();
}

const modelOf = (): string | null => useMonitoringStore.getState().overview?.model ?? null;

/** Evaluates the model's rules now (drift on the log windows included), then shows what changed. */
export async function checkNow(): Promise<void> {
  const model = modelOf();
  if (!model) return;
  setMonitoring({ checking: true });
  try {
    const { fired, holding } = await client().invoke('monitor:check', { model });
    pushToast(fired ? 'error' : 'info', fired ? `${fired} alert${fired === 1 ? '' : 's'} fired` : holding ? `${holding} rule${holding === 1 ? '' : 's'} still alerting (fired before)` : 'No alert rule fires');
    await loadOverview();
  } catch (err) {
    // A cancel is the user's own doing: the job's box already said so.
    if ((err as { code?: unknown }).code !== 'CANCELLED') reportError(err);
  } finally {
    setMonitoring({ checking: false });
  }
}

export async function addRule(rule: Omit<MonitorRuleRequest, 'model'>): Promise<boolean> {
  const model = modelOf();
  if (!model) return false;
  try {
    await client().invoke('monitor:rule-add', { model, ...rule });
    await loadOverview();
    return true;
  } catch (err) {
    reportError(err);
    return false;
  }
}

export async function removeRule(id: number): Promise<void> {
  const model = modelOf();
  if (!model) return;
  try {
    await client().invoke('monitor:rule-remove', { model, id });
    await loadOverview();
  } catch (err) {
    reportError(err);
  }
}

export async function setSchedule(everyMs: number): Promise<void> {
  const model = modelOf();
  if (!model) return;
  try {
    await client().invoke('monitor:schedule', { model, everyMs });
    await loadOverview();
  } catch (err) {
    reportError(err);
  }
}

/** The HTML report, saved by the browser as a download (one self-contained file). */
export async function downloadReport(): Promise<void> {
  const { selected, window } = useMonitoringStore.getState();
  if (!selected) return;
  try {
    const { html } = await client().invoke('monitor:report', { model: selected, window });
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${selected.replace('@', '-v')}-monitoring.html`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    reportError(err);
  }
}
