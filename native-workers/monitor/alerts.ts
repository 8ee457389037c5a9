/**
 * Evaluating a model's alert rules now: each rule over its window's latest
 * windows (the last complete one and the one still open), a window firing at
 * most once, then the webhook of each fired rule, every attempt recorded. An
 * unreachable webhook is recorded as failed; evaluation carries on.
 * `extra` is the drift checks' seam: metric values for a window, merged with
 * realized performance and operations (see model-windows.ts); `current` is a
 * check of data outside the log (a dataset): drift rules read it as the window now.
 */
import type { Db } from '../project/open';
import { firedWindows, lastFirings, listAlertRules, recordAlertEvent, recordDelivery, type StoredAlertRule } from '../project/alerts';
import { crosses, evaluateAlerts, parseWindow, type FiredAlert, type MetricWindow, type QuietRule } from '../ml/monitor-feedback';
import { isDriftMetric } from './drift-metrics';
import { alertWindows } from './model-windows';
import { postWebhook, type WebhookOptions } from './webhook';

export interface AlertRun {
  /** eventId null: a dry run (a read-only project) recorded nothing and sent no webhook. */
  readonly fired: readonly (FiredAlert & { readonly eventId: number | null; readonly delivered: boolean | null })[];
  readonly quiet: readonly QuietRule[];
  /**
   * Rules whose condition holds now but that did not fire again: their window
   * already fired, or they are cooling down. With `fired`, what is alerting now
   * (what `monitor check` exits 3 for).
   */
  readonly holding: readonly Omit<FiredAlert, 'at'>[];
}

export interface AlertRunOptions {
  readonly now?: number;
  readonly extra?: (window: { start: number; end: number }) => Readonly<Record<string, number>>;
  readonly current?: { readonly rows: number; readonly metrics: Readonly<Record<string, number>> };
  readonly webhook?: WebhookOptions;
  /** Evaluate only: record nothing, send nothing (a read-only project). */
  readonly dryRun?: boolean;
  /** Stops the run between steps (the project is closing); nothing is written after it. */
  readonly signal?: AbortSignal;
}

/** The windows a rule looks at now: those ending after one window's length ago (time), or the last two of N predictions. */
function latest(db: Db, rule: StoredAlertRule, now: number, opts: AlertRunOptions): MetricWindow[] {
  const { extra, current } = opts;
  // A check's own data is the window now; its start is unique, so each check may fire once.
  if (current && isDriftMetric(rule.metric)) return [{ start: now, end: now + 1, rows: current.rows, metrics: current.metrics }];
  const spec = parseWindow(rule.window);
  if (spec.kind === 'time') return alertWindows(db, rule.name, spec, now - 2 * spec.ms, extra).filter((w) => w.end > now - spec.ms && w.start <= now);
  return alertWindows(db, rule.name, spec, 0, extra).slice(-2);
}

export async function evaluateModelAlerts(db: Db, name: string, opts: AlertRunOptions = {}): Promise<AlertRun> {
  const now = opts.now ?? Date.now();
  const rules = listAlertRules(db, name);
  const holding: Omit<FiredAlert, 'at'>[] = [];
  const { fired, quiet } = evaluateAlerts(rules, (rule) => {
    const done = firedWindows(db, rule.id);
    const windows = latest(db, rules.find((r) => r.id === rule.id)!, now, opts);
    for (const w of windows) {
      const value = w.metrics[rule.metric];
      const rows = w.rowsByMetric?.[rule.metric] ?? w.rows;
      if (value !== undefined && Number.isFinite(value) && rows >= rule.minRows && crosses(value, rule.op, rule.threshold)) {
        holding.push({ ruleId: rule.id, metric: rule.metric, value, threshold: rule.threshold, op: rule.op, start: w.start, end: w.end, rows });
      }
    }
    return windows.filter((w) => !done.has(w.start));
  }, lastFirings(db, name), now);
  const out: AlertRun['fired'][number][] = [];
  for (const f of fired) {
    if (opts.signal?.aborted) break;
    if (opts.dryRun) {
      out.push({ ...f, eventId: null, delivered: null });
      continue;
    }
    const eventId = recordAlertEvent(db, name, f);
    const rule = rules.find((r) => r.id === f.ruleId)!;
    let delivered: boolean | null = null;
    if (rule.webhook) {
      const payload = { model: name, rule: { id: rule.id, metric: rule.metric, op: rule.op, threshold: rule.threshold, window: rule.window }, value: f.value, rows: f.rows, window: { start: new Date(f.start).toISOString(), end: new Date(f.end).toISOString() }, firedAt: new Date(f.at).toISOString() };
      delivered = (await postWebhook(rule.webhook, payload, (a) => recordDelivery(db, { eventId, ...a }), { ...opts.webhook, ...(opts.signal ? { signal: opts.signal } : {}) })).delivered;
    }
    out.push({ ...f, eventId, delivered });
  }
  const firedNow = new Set(fired.map((f) => `${f.ruleId}:${f.start}`));
  return { fired: out, quiet, holding: holding.filter((h) => !firedNow.has(`${h.ruleId}:${h.start}`)) };
}
