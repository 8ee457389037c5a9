/**
 * assay export FILE.assay --model NAME[@VERSION] --to DIR|s3://BUCKET/PREFIX|azure://CONTAINER/PREFIX [--json]
 * Credentials come from the environment only (AWS default chain, AZURE_STORAGE_CONNECTION_STRING).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError, reviveError } from '../../preload/contract/errors';
import type { ExportResult } from '../../preload/contract/export';
import type { JobInfo } from '../../preload/contract/types';
import { cliHost, progressPrinter, UsageError } from './common';
import { plural } from '../../preload/contract/plural';

export const exportUsage = `  assay export FILE.assay --model NAME[@VERSION|@production|@staging] --to DIR|s3://BUCKET/PREFIX|azure://CONTAINER/PREFIX [--json]
      writes a deployable bundle (server.js, model, Dockerfile, model card, golden vectors, Terraform/Bicep,
      CI workflow, manifest), checks it by running its own server on the golden rows (parity ≤ 1e-6), and
      uploads it when the target is s3:// (AWS default credential chain; AWS_ENDPOINT_URL for S3 look-alikes)
      or azure:// ($AZURE_STORAGE_CONNECTION_STRING); an interrupted upload resumes when run again`;

export async function cmdExport(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('assay export takes one FILE.assay');
  if (!values.model) throw new UsageError('assay export needs --model NAME[@VERSION]');
  if (!values.to) throw new UsageError('assay export needs --to DIR|s3://BUCKET/PREFIX|azure://CONTAINER/PREFIX');
  const host = cliHost();
  let jobId: string | null = null;
  const stop = (): void => {
    // Ctrl+C cancels: a folder export leaves nothing, an upload leaves no manifest (run again to resume).
    if (jobId) host.jobs.cancel(jobId);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    host.openProject(path.resolve(positionals[0]!));
    const print = progressPrinter();
    const unsubscribe = host.push.subscribe((channel, payload) => {
      if (channel === 'job:progress' && (payload as { jobId: string }).jobId === jobId) print(host.jobs.get(jobId) as JobInfo);
    });
    jobId = host.exports.start({ model: values.model, to: values.to }).id;
    const done = await host.jobs.wait(jobId);
    unsubscribe();
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (done.status === 'cancelled') throw new AssayError('CANCELLED', 'Export cancelled; no complete bundle was left behind.');
    if (done.status !== 'succeeded') throw reviveError(done.error);
    const r = host.jobs.resultOf(jobId) as ExportResult;
    const out = {
      model: r.model,
      version: r.version,
      to: r.to,
      files: r.files,
      bytes: r.bytes,
      seconds: r.seconds,
      parity: r.parity,
      ...(r.upload ? { upload: r.upload } : {}),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else
      process.stdout.write(
        `exported ${r.model} v${r.version} to ${r.to}: ${plural(r.files, 'file')}, ${(r.bytes / 1e6).toFixed(2)} MB in ${r.seconds.toFixed(1)} s; ` +
          `parity ${plural(r.parity.rows, 'row')}, max diff ${r.parity.maxDiff.toExponential(1)}` +
          (r.upload ? `; ${r.upload.uploaded} objects uploaded, ${r.upload.skipped} already there` : '') +
          '\n',
      );
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await host.close();
  }
}
