import { parseArgs } from 'node:util';
import { parseWindow } from '../../native-workers/ml/monitor-feedback';
import { modelWindows } from '../../native-workers/host-api';
import { UsageError } from './common';
import { print, withModelProject } from './monitor-project';

export const monitorPerformanceUsage = `  assay monitor performance FILE.assay --model NAME [--window 1d|1h|1w|N (1d)] [--since ISO] [--json]
      realized performance per window (labelled predictions: the training metrics) and operations per
      version (requests, p50/p99 ms, errors, rejected requests and rows, missing rate)`;

const fmt = (v: number | null | undefined, d = 4): string => (v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(d));

export async function cmdMonitorPerformance(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { model: { type: 'string' }, window: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('assay monitor performance takes one FILE.assay');
  if (!values.model) throw new UsageError('assay monitor performance needs --model NAME');
  let spec;
  try {
    spec = parseWindow(values.window ?? '1d');
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const since = values.since === undefined ? 0 : Date.parse(values.since);
  if (!Number.isFinite(since)) throw new UsageError(`--since takes an ISO date or time, not ${values.since}`);
  const model = values.model;
  const w = await withModelProject(positionals[0]!, model, false, (db) => modelWindows(db, model, spec, since));
  const iso = (t: number): string => new Date(t).toISOString();
  const text = [
    `${model}: realized performance per ${spec.text}`,
    ...(w.realized.length ? w.realized.map((r) => `  ${iso(r.start)}  v${r.version}  ${r.rows} labelled  ${Object.entries(r.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`) : ['  no labelled predictions yet (POST /feedback, assay feedback or assay monitor pull)']),
    `operations per ${spec.text}`,
    ...w.operations.map((o) => `  ${iso(o.start)}  v${o.version}  ${o.requests} requests  ${o.rows} rows  p50 ${fmt(o.p50Ms, 2)} ms  p99 ${fmt(o.p99Ms, 2)} ms  ${o.errors} errors  ${o.rejected} rejected (${o.rejectedRows} rows)  missing ${fmt(o.missingRate)}`),
  ].join('\n');
  print(values.json, { model, window: spec.text, ...w }, text);
}
