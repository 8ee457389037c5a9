/**
 * Drift as alert metrics: what a rule such as `drift_share > 0.3` or
 * `drift:total_day_minutes > 0.2` reads. A check (or one window of it) becomes
 * one metric map; the serving log's windows are checked on demand, so a rule's
 * window is checked only when the rule looks at it.
 */
import type { DriftOptions } from '../ml/monitor';
import { newestLoggedVersion } from '../project/monitor';
import type { Db } from '../project/open';
import { resolveVersion } from '../project/registry';
import { runCheck, type WindowResult } from './check';

/** The drift metrics a rule may name (besides `drift:COLUMN` and `drift:prediction`, each the column's statistic). */
export const DRIFT_METRICS = ['dataset_drift', 'drift_share', 'drifted_columns', 'estimated_accuracy', 'estimated_precision', 'estimated_recall', 'estimated_f1'] as const;

export function isDriftMetric(metric: string): boolean {
  return metric.startsWith('drift:') || (DRIFT_METRICS as readonly string[]).includes(metric);
}

/**
 * A check's metrics: none when it gave no verdict (too few rows), so a rule on
 * them stays quiet saying "no value" rather than reading a zero.
 */
export function driftMetrics(r: Omit<WindowResult, 'window'>): Record<string, number> {
  if (r.datasetDrift === null) return {};
  const out: Record<string, number> = {
    dataset_drift: r.datasetDrift ? 1 : 0,
    drift_share: r.checkedColumns ? r.driftedColumns / r.checkedColumns : 0,
    drifted_columns: r.driftedColumns,
  };
  for (const [name, c] of Object.entries(r.columns)) if (c.statistic !== null) out[`drift:${name}`] = c.statistic;
  if (r.prediction?.statistic !== null && r.prediction?.statistic !== undefined) out['drift:prediction'] = r.prediction.statistic;
  if (r.performance) {
    const { accuracy, precision, recall, f1 } = r.performance;
    Object.assign(out, { estimated_accuracy: accuracy, estimated_precision: precision, estimated_recall: recall, estimated_f1: f1 });
  }
  return out;
}

export interface LogDriftOptions {
  /** The version checked; by default the newest one with predictions in the window (a canary, a promotion mid-window). */
  readonly version?: number;
  readonly drift?: DriftOptions;
  readonly calibrationChunkRows?: number;
  /** Keep a reference built on first use. */
  readonly store: boolean;
}

/**
 * The `extra` of evaluateModelAlerts: each window of the serving log checked
 * against its version's reference, once per window however many rules read it.
 * Image models have no input columns to drift: no metrics.
 */
export function logDriftMetrics(db: Db, name: string, opts: LogDriftOptions): (w: { start: number; end: number }) => Readonly<Record<string, number>> {
  const seen = new Map<string, Record<string, number>>();
  return (w) => {
    const key = `${w.start}:${w.end}`;
    let metrics = seen.get(key);
    if (!metrics) {
      const version = opts.version ?? newestLoggedVersion(db, name, w.start, w.end);
      metrics = version === null || resolveVersion(db, `${name}@${version}`).kind === 'image' ? {} : driftMetrics(runCheck(db, { model: `${name}@${version}`, sinceMs: w.start, untilMs: w.end, store: opts.store, ...(opts.drift ? { drift: opts.drift } : {}), ...(opts.calibrationChunkRows !== undefined ? { calibrationChunkRows: opts.calibrationChunkRows } : {}) }));
      seen.set(key, metrics);
    }
    return metrics;
  };
}
