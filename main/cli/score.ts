import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import type { BatchScoreResult } from '../host/scoring/batch-score';
import { cliHost, progressPrinter, UsageError } from './common';

export const scoreUsage = `  assay score FILE.assay --model NAME[@VERSION|@STAGE] --data DATASET [--shards N] [--executor NAME] [--out FILE.csv] [--json]
      batch scoring: every row of the dataset scored by a registered tabular model, as /predict scores a
      request's rows; the rows split into N shards (row ranges), one job each, run locally or on a cluster
      executor (Settings → Compute). The scores go to --out as CSV (row, then label and one probability
      column per class, or value; error for a row the model could not read), else to stdout. --json prints
      {model, version, dataset, rows, shards, executor, failed} (with predictions when there is no --out)`;

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** The scores as CSV, one line per dataset row (1-based, as the grid numbers them). */
export function scoresCsv(r: BatchScoreResult): string {
  const head = r.task === 'regression' ? ['value'] : ['label', ...r.classes!.map((c) => `p_${c}`)];
  const lines = [['row', ...head, 'error'].map(csvCell).join(',')];
  r.rows.forEach((s, i) => {
    const cells = s.error !== undefined ? head.map(() => '') : r.task === 'regression' ? [String(s.value)] : [s.label!, ...r.classes!.map((c) => String(s.probabilities![c]))];
    lines.push([String(i + 1), ...cells, s.error ?? ''].map(csvCell).join(','));
  });
  return `${lines.join('\n')}\n`;
}

export async function cmdScore(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, data: { type: 'string' }, shards: { type: 'string' }, executor: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('assay score takes one FILE.assay');
  if (!values.model) throw new UsageError('assay score needs --model NAME[@VERSION] (a registered model: see assay models FILE.assay)');
  if (!values.data) throw new UsageError('assay score needs --data DATASET (a dataset of the project, by name or id)');
  const shards = values.shards === undefined ? 1 : Number(values.shards);
  if (!Number.isInteger(shards) || shards < 1) throw new UsageError(`--shards must be a whole number ≥ 1, not ${values.shards}`);
  const host = cliHost();
  const print = progressPrinter();
  const unsubscribe = host.push.subscribe((channel, payload) => {
    if (channel === 'job:progress') print(host.jobs.get((payload as { jobId: string }).jobId));
  });
  try {
    host.openProject(path.resolve(positionals[0]!));
    const r = await host.scoring.score({ model: values.model, dataset: values.data, shards, ...(values.executor !== undefined ? { executor: values.executor } : {}) });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const csv = scoresCsv(r);
    if (values.out) fs.writeFileSync(values.out, csv);
    const summary = { model: r.model, version: r.version, dataset: r.dataset, rows: r.rows.length, shards: r.shards, executor: r.executor, failed: r.failed };
    if (values.json) process.stdout.write(`${JSON.stringify(values.out ? { ...summary, out: path.resolve(values.out) } : { ...summary, predictions: r.rows })}\n`);
    else if (values.out) process.stdout.write(`scored ${r.rows.length} rows of "${r.dataset}" with ${r.model} v${r.version} in ${r.shards} shard(s) on ${r.executor}: ${values.out}\n`);
    else process.stdout.write(csv);
    if (r.failed > 0) throw new AssayError('BAD_INPUT', `${r.failed} of ${r.rows.length} rows could not be scored (their error is in the output); the others were.`);
  } finally {
    unsubscribe();
    await host.close();
  }
}
