import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import type { RetrainEvaluation, RetrainRecord } from '../../preload/contract/retrain';
import { cliHost, progressPrinter, UsageError } from './common';

export const monitorRetrainUsage = `  assay monitor retrain FILE.assay --model NAME[@V] [--data DATASET | --from-feedback] [--window 1d|N (1d)]
                        [--promote] [--json]
      runs the version's own training spec again on newer data (default: its training dataset as it is
      now, refreshed or appended; --data: another dataset; --from-feedback: the logged predictions that
      have feedback labels), registers the result as the next version (the challenger) and compares it
      with the champion on the challenger's test split and the latest labelled window, same metrics.
      --promote puts the challenger in production when it wins on the model's retrain metric (default
      roc_auc, f1_macro or rmse); roll back with assay rollback FILE NAME. Ctrl-C cancels the training`;

const fmt = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(4));

function evaluationText(title: string, e: RetrainEvaluation | null, metric: string): string[] {
  if (!e) return [`  ${title}: none`];
  const names = [...new Set([metric, ...Object.keys(e.champion), ...Object.keys(e.challenger)])].filter((m) => !m.includes('_weighted'));
  return [
    `  ${title}: ${e.label}, ${e.rows} rows`,
    `    ${'metric'.padEnd(18)} ${'champion'.padStart(10)} ${'challenger'.padStart(10)}`,
    ...names.map((m) => `    ${(m === metric ? `${m} *` : m).padEnd(18)} ${fmt(e.champion[m]).padStart(10)} ${fmt(e.challenger[m]).padStart(10)}`),
    ...(e.note ? [`    note: ${e.note}`] : []),
  ];
}

export function retrainText(r: RetrainRecord): string {
  const head = `${r.model}: retrain #${r.id} of v${r.champion} on ${r.source}, run ${r.runId ?? '—'}: ${r.status}`;
  if (r.status !== 'compared' || !r.comparison) return `${head}${r.error ? `\n  ${r.error}` : ''}\n`;
  const c = r.comparison;
  return `${[
    `${head}; challenger v${r.challenger}`,
    ...evaluationText('test split', c.testSplit, c.metric),
    ...evaluationText('latest labelled window', c.labelled, c.metric),
    `  ${c.reason}`,
    r.promoted ? `  promoted: v${r.challenger} is in production (roll back: assay rollback FILE ${r.model})` : `  not promoted: v${r.challenger} stays at stage none`,
  ].join('\n')}\n`;
}

export async function cmdMonitorRetrain(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, data: { type: 'string' }, 'from-feedback': { type: 'boolean' }, window: { type: 'string' }, promote: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('assay monitor retrain takes one FILE.assay');
  if (!values.model) throw new UsageError('assay monitor retrain needs --model NAME[@V]');
  if (values.data !== undefined && values['from-feedback']) throw new UsageError('assay monitor retrain takes --data DATASET or --from-feedback, not both');
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]!));
    const print = progressPrinter();
    const unsubscribe = host.push.subscribe((channel, payload) => {
      if (channel === 'job:progress' && !values.json) print(host.jobs.get((payload as { jobId: string }).jobId));
    });
    const { record, done } = host.retrain.start({
      model: values.model,
      ...(values.data !== undefined ? { data: values.data } : {}),
      ...(values['from-feedback'] ? { fromFeedback: true } : {}),
      ...(values.window !== undefined ? { window: values.window } : {}),
      ...(values.promote ? { promote: true } : {}),
    });
    const stop = (): void => host.retrain.cancel(record.id);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let ended: RetrainRecord;
    try {
      ended = await done;
    } finally {
      unsubscribe();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (process.stderr.isTTY && !values.json) process.stderr.write('\n');
    }
    process.stdout.write(values.json ? `${JSON.stringify(ended)}\n` : retrainText(ended));
    if (ended.status !== 'compared') throw new AssayError(ended.status === 'cancelled' ? 'CANCELLED' : 'BAD_INPUT', ended.error ?? `The retrain ${ended.status}.`);
  } finally {
    await host.close();
  }
}
