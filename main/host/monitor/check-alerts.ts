/**
 * `monitor check` with the model's alert rules evaluated on what it found:
 * drift rules read the check itself when it checked a dataset (the dataset is
 * the window now), else each rule's own windows of the serving log; the other
 * rules (performance, operations) read the log as `monitor alerts --evaluate`
 * does. Fired alerts are recorded and sent to their webhooks.
 */
import type { Db } from '../../../native-workers/project/open';
import { driftMetrics, evaluateModelAlerts, logDriftMetrics, runCheck, type AlertRunOptions, type CheckOptions, type DriftCheck } from '../../../native-workers/host-api';

/** One rule alerting now: `fired` when it fired in this check, false when it already had (same window, or cooling down). */
export interface CheckAlert {
  readonly ruleId: number;
  readonly metric: string;
  readonly op: string;
  readonly threshold: number;
  readonly value: number;
  readonly rows: number;
  readonly window: { readonly start: string; readonly end: string };
  readonly fired: boolean;
  /** Whether its webhook took it; null without a webhook or when not sent. */
  readonly delivered: boolean | null;
}

export interface CheckResult extends DriftCheck {
  readonly alerts: readonly CheckAlert[];
}

export type CheckAlertOptions = Pick<AlertRunOptions, 'now' | 'webhook' | 'signal'>;

const iso = (ms: number): string => new Date(ms).toISOString();

export async function checkWithAlerts(db: Db, options: CheckOptions, alertOptions: CheckAlertOptions = {}): Promise<CheckResult> {
  const check = runCheck(db, options);
  const run = await evaluateModelAlerts(db, check.model, {
    ...alertOptions,
    ...(options.data !== undefined
      ? { current: { rows: check.rows, metrics: driftMetrics(check) } }
      : {
          extra: logDriftMetrics(db, check.model, {
            version: check.version,
            store: options.store,
            ...(options.drift ? { drift: options.drift } : {}),
            ...(options.calibrationChunkRows !== undefined ? { calibrationChunkRows: options.calibrationChunkRows } : {}),
          }),
        }),
    dryRun: !options.store,
  });
  const alerts: CheckAlert[] = [
    ...run.fired.map((f) => ({ ruleId: f.ruleId, metric: f.metric, op: f.op, threshold: f.threshold, value: f.value, rows: f.rows, window: { start: iso(f.start), end: iso(f.end) }, fired: true, delivered: f.delivered })),
    ...run.holding.map((h) => ({ ruleId: h.ruleId, metric: h.metric, op: h.op, threshold: h.threshold, value: h.value, rows: h.rows, window: { start: iso(h.start), end: iso(h.end) }, fired: false, delivered: null })),
  ];
  return { ...check, alerts };
}
