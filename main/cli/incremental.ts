/**
 * CLI verbs of incremental ingestion:
 *   assay import … --append --name DATASET   (flag helper used by cmdImport)
 *   assay watch FILE.assay FOLDER [--dataset NAME] [--json]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import type { AppendSpec } from '../../preload/contract/lineage';
import type { PrivacyColumnAction, PrivacyResult } from '../../preload/contract/governance';
import type { WatchEvent } from '../../preload/contract/watch';
import { requireProject } from '../host/project/access';
import { listDatasets } from '../../native-workers/project/datasets';
import type { Db } from '../../native-workers/project/open';
import { cliHost, progressPrinter, UsageError } from './common';
import { reviveError } from '../../preload/contract/errors';
import { plural } from '../../preload/contract/plural';

export const watchUsage = `  assay watch FILE.assay FOLDER [--dataset NAME] [--json]
      ingests new or changed files of FOLDER until Ctrl+C (one line per file); the first file creates
      the dataset (or appends to --dataset NAME), later ones append; unchanged files are skipped
  assay import … --append --name DATASET   appends SOURCE to DATASET; fails naming any column that differs
  assay privacy FILE.assay DATASET [--scan] [--pseudonymise COL]… [--mask COL]… [--drop COL]… [--key-file FILE] [--json]
      --scan lists likely personal data; otherwise applies the actions in one transaction (HMAC-SHA256 pseudonyms
      under the key in --key-file, created 0600 if missing; default: privacy.key in Assay's settings folder)`;

/** A dataset by name (to append to, or to act on): an error lists the names there are. */
export function appendTarget(db: Db, name: string | undefined, purpose = 'to append to'): AppendSpec {
  if (!name) throw new UsageError('--append needs --name DATASET: the dataset to append to');
  const all = listDatasets(db);
  const ds = all.find((d) => d.name === name);
  if (!ds) throw new AssayError('NOT_FOUND', `No dataset "${name}" ${purpose}; the project has ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
  return { datasetId: ds.id };
}

function line(e: WatchEvent, json: boolean): string {
  const f = e.file;
  if (json) return `${JSON.stringify({ file: f.name, status: f.status, reason: f.reason, bytes: f.bytes, sha256: f.sha256 })}\n`;
  return `${f.status.padEnd(8)} ${f.name}${f.reason ? `  (${f.reason})` : ''}\n`;
}

export async function cmdWatch(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { dataset: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay watch takes FILE.assay and FOLDER');
  // Headless, as `assay import`: the files' rows only; the app profiles the dataset when asked.
  const host = cliHost({ profileImports: false });
  let resolveStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStop = resolve));
  const stop = (): void => {
    // An import in flight is cancelled: the dataset keeps no trace of it, and the file is read again next time.
    for (const job of host.jobs.list()) host.jobs.cancel(job.id);
    resolveStop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    host.openProject(path.resolve(positionals[0]));
    const db = requireProject(host.currentProject).db;
    const target = values.dataset ? appendTarget(db, values.dataset).datasetId : undefined;
    host.push.subscribe((channel, payload) => {
      if (channel !== 'watch:file') return;
      const e = payload as WatchEvent;
      if (e.file.status !== 'importing') process.stdout.write(line(e, values.json === true));
    });
    const folder = host.watch.add(path.resolve(positionals[1]), target);
    process.stderr.write(`watching ${folder.path}${folder.datasetName ? ` → "${folder.datasetName}"` : ''}; Ctrl+C stops\n`);
    await stopped;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await host.close();
  }
}

export async function cmdPrivacy(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      scan: { type: 'boolean' },
      pseudonymise: { type: 'string', multiple: true },
      mask: { type: 'string', multiple: true },
      drop: { type: 'string', multiple: true },
      'key-file': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 2) throw new UsageError('assay privacy takes FILE.assay and DATASET');
  const actions: PrivacyColumnAction[] = [
    ...(values.pseudonymise ?? []).map((column) => ({ column, action: 'pseudonymise' as const })),
    ...(values.mask ?? []).map((column) => ({ column, action: 'mask' as const, keepLast: 4 })),
    ...(values.drop ?? []).map((column) => ({ column, action: 'drop' as const })),
  ];
  if (!values.scan && actions.length === 0) throw new UsageError('say what to do: --scan, or --pseudonymise / --mask / --drop COLUMN');
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]), values.scan === true);
    const db = requireProject(host.currentProject).db;
    const { datasetId } = appendTarget(db, positionals[1], 'in this project');
    if (values.scan) {
      const found = host.privacy.scan(datasetId);
      if (values.json) process.stdout.write(`${JSON.stringify(found)}\n`);
      else for (const f of found) process.stdout.write(`${f.column}: ${f.kind} (${Math.round(f.confidence * 100)} %) ${f.reason}; e.g. ${f.examples.join(', ')}\n`);
      return;
    }
    const job = host.privacy.apply({ datasetId, actions, ...(values['key-file'] ? { keyFile: path.resolve(values['key-file']) } : {}) });
    const print = progressPrinter();
    const off = host.push.subscribe((channel) => {
      if (channel === 'job:progress') print(host.jobs.get(job.id));
    });
    const done = await host.jobs.wait(job.id);
    off();
    if (done.status !== 'succeeded') throw reviveError(done.error ?? { code: 'CANCELLED', message: 'Cancelled; the dataset is unchanged.' });
    const r = host.jobs.resultOf(job.id) as PrivacyResult;
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else process.stdout.write(`rewrote ${plural(r.cellsChanged, 'value')} in ${plural(r.rows, 'row')}${r.columnsDropped.length ? `, dropped ${r.columnsDropped.join(', ')}` : ''}${r.keyFingerprint ? ` (key ${r.keyFingerprint})` : ''}\n`);
  } finally {
    await host.close();
  }
}
