/**
 * Evaluating a model's alert rules now: each rule over its window's latest
 * windows (the last complete one and the one still open), a window firing at
 * most once, then the webhook of each fired rule, every attempt recorded. An
 * unreachable webhook is recorded as failed; evaluation carries on.
 * `extra` is the drift checks' seam: metric values for a window, merged with
 * realized performance and operations (see model-windows.ts).
 */
import type { Db } from '../../../native-workers/project/open';
import { firedWindows, lastFirings, listAlertRules, recordAlertEvent, recordDelivery, type StoredAlertRule } from '../../../native-workers/project/alerts';
import { evaluateAlerts, parseWindow, type FiredAlert, type MetricWindow, type QuietRule } from '../../../native-workers/ml/monitor-feedback';
import { alertWindows } from './model-windows';
import { postWebhook, type WebhookOptions } from './webhook';

export interface AlertRun {
  readonly fired: readonly (FiredAlert & { readonly eventId: number; readonly delivered: boolean | null })[];
  readonly quiet: readonly QuietRule[];
}

export interface AlertRunOptions {
  readonly now?: number;
  readonly extra?: (window: { start: number; end: number }) => Readonly<Record<string, number>>;
  readonly webhook?: WebhookOptions;
}

/** The windows a rule looks at now: those ending after one window's length ago (time), or the last two of N predictions. */
function latest(db: Db, rule: StoredAlertRule, now: number, extra: AlertRunOptions['extra']): MetricWindow[] {
  const spec = parseWindow(rule.window);
  if (spec.kind === 'time') return alertWindows(db, rule.name, spec, now - 2 * spec.ms, extra).filter((w) => w.end > now - spec.ms && w.start <= now);
  return alertWindows(db, rule.name, spec, 0, extra).slice(-2);
}

export async function evaluateModelAlerts(db: Db, name: string, opts: AlertRunOptions = {}): Promise<AlertRun> {
  const now = opts.now ?? Date.now();
  const rules = listAlertRules(db, name);
  const { fired, quiet } = evaluateAlerts(rules, (rule) => {
    const done = firedWindows(db, rule.id);
    return latest(db, rules.find((r) => r.id === rule.id)!, now, opts.extra).filter((w) => !done.has(w.start));
  }, lastFirings(db, name), now);
  const out: AlertRun['fired'][number][] = [];
  for (const f of fired) {
    const eventId = recordAlertEvent(db, name, f);
    const rule = rules.find((r) => r.id === f.ruleId)!;
    let delivered: boolean | null = null;
    if (rule.webhook) {
      const payload = { model: name, rule: { id: rule.id, metric: rule.metric, op: rule.op, threshold: rule.threshold, window: rule.window }, value: f.value, rows: f.rows, window: { start: new Date(f.start).toISOString(), end: new Date(f.end).toISOString() }, firedAt: new Date(f.at).toISOString() };
      delivered = (await postWebhook(rule.webhook, payload, (a) => recordDelivery(db, { eventId, ...a }), opts.webhook)).delivered;
    }
    out.push({ ...f, eventId, delivered });
  }
  return { fired: out, quiet };
}
