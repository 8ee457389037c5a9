import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatStatistic as fmt } from '../../preload/contract/monitoring';
import { DRIFT_METHODS, parseWindow, type ColumnOverride, type DriftMethod } from '../../native-workers/ml/monitor';
import type { ColumnVerdict } from '../../native-workers/host-api';
import { checkWithAlerts, type CheckAlert, type CheckResult } from '../host/monitor/check-alerts';
import { DRIFT_METRICS } from '../../native-workers/host-api';
import { cliHost, UsageError } from './common';

/** The exit code when an alert rule holds: for cron and CI, apart from 1 (failed) and 2 (usage). */
export const ALERTING = 3;

export const monitorCheckUsage = `  assay monitor check FILE.assay --model NAME[@VERSION] [--data DATASET [--time COL]] [--window 1h|1d|1w|N]
              [--since ISO] [--method COL=METHOD[:THRESHOLD]]… [--fdr] [--min-rows N (30)] [--calibration N] [--json]
      drift of the current data against the version's reference (its training inputs and validation
      predictions, kept at registration, built on first use for older versions): --data scores a
      dataset now, else the local serving log is checked. Defaults as Evidently: a reference of
      ≤ 1,000 rows is tested (KS / chi-square, drift at p < 0.05), a larger one measured (Wasserstein
      ÷ reference std / Jensen–Shannon, drift at ≥ 0.1); the dataset drifts when ≥ 50% of its columns
      do. METHOD: ${DRIFT_METHODS.join(', ')}. --fdr: Benjamini–Hochberg across tested columns.
      --calibration N: each column's threshold calibrated on the training data instead (chunks of N
      rows measured against the reference, threshold at mean + 3σ of the statistic; N: your window's size).
      The model's alert rules (assay monitor alerts) are evaluated too: drift rules (${DRIFT_METRICS.join(', ')},
      drift:COLUMN, drift:prediction) on this check when --data is given, else on each rule's window of the
      log; a fired alert is recorded and sent to its webhook. --json prints {model, version, rows,
      datasetDrift, columns: {COL: {method, statistic, pValue?, threshold, drift}}, prediction,
      performance?, windows?, alerts: [{ruleId, metric, op, threshold, value, rows, window, fired,
      delivered}]}. Exit 3 when an alert rule holds now (fired, or fired before within its window or
      cooldown), 0 when none does, 1 or 2 when the check fails`;

function parseOverride(text: string): [string, ColumnOverride] {
  const m = /^(.+?)=([a-z0-9-]+)(?::([0-9.eE+-]+))?$/.exec(text);
  if (!m || !DRIFT_METHODS.includes(m[2] as DriftMethod)) throw new UsageError(`--method takes COL=METHOD[:THRESHOLD] with METHOD one of ${DRIFT_METHODS.join(', ')}, not ${text}`);
  const threshold = m[3] === undefined ? undefined : Number(m[3]);
  if (threshold !== undefined && !Number.isFinite(threshold)) throw new UsageError(`the threshold in --method ${text} is not a number`);
  return [m[1]!, { method: m[2] as DriftMethod, ...(threshold !== undefined ? { threshold } : {}) }];
}



function columnLine(name: string, c: ColumnVerdict): string {
  const verdict = c.drift === null ? `no verdict: ${c.reason ?? ''}` : c.drift ? 'DRIFT' : 'ok';
  const p = c.pValue !== undefined ? ` p ${fmt(c.pAdjusted ?? c.pValue)}` : '';
  return `  ${name.padEnd(24)} ${c.method.padEnd(14)} ${fmt(c.statistic).padStart(10)}${p}  threshold ${c.threshold}  ${verdict}`;
}

function alertLine(a: CheckAlert): string {
  const sent = a.delivered === null ? '' : a.delivered ? ', webhook delivered' : ', webhook FAILED (recorded)';
  return `  ALERT rule #${a.ruleId}: ${a.metric} = ${fmt(a.value)} ${a.op} ${a.threshold} (${a.rows} rows)${a.fired ? sent : ', fired before (not sent again)'}`;
}

function text(r: CheckResult): string {
  const status = r.datasetDrift === null ? `no verdict (${r.reason ?? ''})` : r.datasetDrift ? 'DRIFTING' : 'no dataset drift';
  const lines = [
    `${r.model} v${r.version} · ${r.rows.toLocaleString('en-US')} rows from the ${r.source} vs a ${r.reference.rows.toLocaleString('en-US')}-row reference: ${status}, ${r.driftedColumns} of ${r.checkedColumns} columns drift`,
    ...Object.entries(r.columns).map(([n, c]) => columnLine(n, c)),
    ...(r.prediction ? [columnLine('(prediction)', r.prediction)] : []),
    ...(r.performance ? [`  estimated (CBPE): accuracy ${fmt(r.performance.accuracy)}, precision ${fmt(r.performance.precision)}, recall ${fmt(r.performance.recall)}, F1 ${fmt(r.performance.f1)}`] : []),
    ...(r.windows ?? []).map((w) => `  window ${w.window}: ${w.rows} rows, ${w.datasetDrift === null ? `no verdict (${w.reason ?? ''})` : `${w.driftedColumns}/${w.checkedColumns} columns drift${w.datasetDrift ? ' — DRIFTING' : ''}`}`),
    ...(r.note ? [`  note: ${r.note}`] : []),
    ...r.alerts.map(alertLine),
  ];
  return lines.join('\n');
}

export async function cmdMonitorCheck(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      time: { type: 'string' },
      window: { type: 'string' },
      since: { type: 'string' },
      method: { type: 'string', multiple: true },
      fdr: { type: 'boolean' },
      'min-rows': { type: 'string' },
      calibration: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay monitor check takes one FILE.assay');
  if (!values.model) throw new UsageError('assay monitor check needs --model NAME[@VERSION]');
  let window;
  try {
    window = values.window === undefined ? undefined : parseWindow(values.window);
  } catch (err) {
    throw new UsageError(`--window: ${(err as Error).message}`);
  }
  const sinceMs = values.since === undefined ? undefined : Date.parse(values.since);
  if (sinceMs !== undefined && !Number.isFinite(sinceMs)) throw new UsageError(`--since takes an ISO 8601 time such as 2026-03-01 or 2026-03-01T12:00Z, not ${values.since}`);
  const minRows = values['min-rows'] === undefined ? undefined : Number(values['min-rows']);
  if (minRows !== undefined && !(Number.isInteger(minRows) && minRows > 0)) throw new UsageError(`--min-rows takes a whole number above 0, not ${values['min-rows']}`);
  const columns = Object.fromEntries((values.method ?? []).map(parseOverride));
  const chunkRows = values.calibration === undefined ? undefined : Number(values.calibration);
  if (chunkRows !== undefined && !(Number.isInteger(chunkRows) && chunkRows >= 10)) throw new UsageError(`--calibration takes the rows per reference chunk (your window's size, at least 10), not ${values.calibration}`);
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]!), false);
    const store = host.currentProject!;
    const result = await checkWithAlerts(store.db, {
      model: values.model,
      ...(values.data !== undefined ? { data: values.data } : {}),
      ...(values.time !== undefined ? { timeColumn: values.time } : {}),
      ...(window ? { window } : {}),
      ...(sinceMs !== undefined ? { sinceMs } : {}),
      ...(chunkRows !== undefined ? { calibrationChunkRows: chunkRows } : {}),
      drift: { columns, ...(values.fdr ? { fdr: true } : {}), ...(minRows !== undefined ? { minRows } : {}) },
      store: !store.readOnly,
    });
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${text(result)}\n`);
    return result.alerts.length ? ALERTING : 0;
  } finally {
    await host.close();
  }
}
