/**
 * Alert rules per model, what fired, and every webhook attempt (migration 014).
 * Evaluation is pure (ml/monitor-feedback/alerts.ts); this keeps its inputs
 * (rules, last firings) and its outputs.
 */
import type { AlertRule, Comparison, FiredAlert } from '../ml/monitor-feedback/alerts';
import type { Db } from './open';

export interface StoredAlertRule extends AlertRule {
  readonly name: string;
  readonly webhook: string | null;
  readonly createdAt: string;
}

interface RuleRow {
  id: number;
  name: string;
  metric: string;
  op: Comparison;
  threshold: number;
  window_spec: string;
  min_rows: number;
  cooldown_ms: number;
  webhook: string | null;
  created_at: string;
}

const toRule = (r: RuleRow): StoredAlertRule => ({
  id: r.id,
  name: r.name,
  metric: r.metric,
  op: r.op,
  threshold: r.threshold,
  window: r.window_spec,
  minRows: r.min_rows,
  cooldownMs: r.cooldown_ms,
  webhook: r.webhook,
  createdAt: r.created_at,
});

export function addAlertRule(db: Db, rule: Omit<StoredAlertRule, 'id' | 'createdAt'>, now: string): StoredAlertRule {
  const id = db
    .transaction(
      () =>
        db
          .prepare('INSERT INTO alert_rules (name, metric, op, threshold, window_spec, min_rows, cooldown_ms, webhook, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(rule.name, rule.metric, rule.op, rule.threshold, rule.window, rule.minRows, rule.cooldownMs, rule.webhook, now).lastInsertRowid,
    )
    .immediate();
  return { ...rule, id: Number(id), createdAt: now };
}

export function listAlertRules(db: Db, name: string): StoredAlertRule[] {
  return (db.prepare('SELECT * FROM alert_rules WHERE name = ? ORDER BY id').all(name) as RuleRow[]).map(toRule);
}

/** Removes a rule of model `name` (its history goes with it); false when it has no such rule. */
export function removeAlertRule(db: Db, name: string, id: number): boolean {
  return db.transaction(() => db.prepare('DELETE FROM alert_rules WHERE name = ? AND id = ?').run(name, id).changes === 1).immediate();
}

/** Each rule's last firing time (ms), for cooldowns. */
export function lastFirings(db: Db, name: string): Map<number, number> {
  const rows = db.prepare('SELECT rule_id, max(fired_at) AS at FROM alert_events WHERE name = ? GROUP BY rule_id').all(name) as { rule_id: number; at: number }[];
  return new Map(rows.map((r) => [r.rule_id, r.at]));
}

/** The window starts a rule already fired for: a window fires once, however often it is evaluated. */
export function firedWindows(db: Db, ruleId: number): Set<number> {
  return new Set(db.prepare('SELECT window_start FROM alert_events WHERE rule_id = ?').pluck().all(ruleId) as number[]);
}

export function recordAlertEvent(db: Db, name: string, f: FiredAlert): number {
  return Number(
    db
      .transaction(
        () =>
          db
            .prepare('INSERT INTO alert_events (rule_id, name, metric, value, threshold, window_start, window_end, rows, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(f.ruleId, name, f.metric, f.value, f.threshold, f.start, f.end, f.rows, f.at).lastInsertRowid,
      )
      .immediate(),
  );
}

export interface AlertDelivery {
  readonly eventId: number;
  readonly attempt: number;
  readonly at: number;
  /** The receiver's HTTP status, or null when it could not be reached. */
  readonly status: number | null;
  readonly error: string | null;
}

export function recordDelivery(db: Db, d: AlertDelivery): void {
  db.transaction(() => db.prepare('INSERT INTO alert_deliveries (event_id, attempt, at, status, error) VALUES (?, ?, ?, ?, ?)').run(d.eventId, d.attempt, d.at, d.status, d.error)).immediate();
}

export interface AlertHistoryEntry {
  readonly id: number;
  readonly ruleId: number;
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly rows: number;
  readonly firedAt: number;
  readonly deliveries: readonly AlertDelivery[];
}

/** What fired for a model, newest first, each with its webhook attempts. */
export function alertHistory(db: Db, name: string, limit = 100): AlertHistoryEntry[] {
  const events = db
    .prepare('SELECT id, rule_id AS ruleId, metric, value, threshold, window_start AS windowStart, window_end AS windowEnd, rows, fired_at AS firedAt FROM alert_events WHERE name = ? ORDER BY fired_at DESC, id DESC LIMIT ?')
    .all(name, limit) as Omit<AlertHistoryEntry, 'deliveries'>[];
  const deliveries = db.prepare('SELECT event_id AS eventId, attempt, at, status, error FROM alert_deliveries WHERE event_id = ? ORDER BY attempt');
  return events.map((e) => ({ ...e, deliveries: deliveries.all(e.id) as AlertDelivery[] }));
}

/** How often alert rules are evaluated while a model is served, when the model has no setting: 5 minutes. */
export const DEFAULT_CHECK_EVERY_MS = 5 * 60_000;

/** The model's scheduled evaluation period in ms; 0 when turned off. */
export function checkEvery(db: Db, name: string): number {
  const v = db.prepare('SELECT check_every_ms FROM monitor_settings WHERE name = ?').pluck().get(name) as number | undefined;
  return v ?? DEFAULT_CHECK_EVERY_MS;
}

/** Sets the model's scheduled evaluation period (0: off). */
export function setCheckEvery(db: Db, name: string, ms: number, now: string): void {
  db.transaction(() => db.prepare('INSERT OR REPLACE INTO monitor_settings (name, check_every_ms, updated_at) VALUES (?, ?, ?)').run(name, ms, now)).immediate();
}
