import { AssayError, reviveError } from '../../preload/contract/errors';
import type { JobKind, JobLogLine } from '../../preload/contract/jobs';
import type { JobInfo } from '../../preload/contract/types';
import { Host, type HostOptions } from '../host/host';
import { appVersion } from '../host/version';

/** A mistake in the command line itself: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** One self-overwriting progress line on a terminal; silent when stderr is not one. */
export function progressPrinter(): (job: JobInfo) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (job) => {
    const p = job.progress;
    if (!p) return;
    process.stderr.write(`\r${p.title}: ${(p.value * 100).toFixed(0).padStart(3)}%  ${p.detail}`.padEnd(100).slice(0, 100));
  };
}

/** A worker's warning or error as the CLI prints it, prefixed with the job's kind; info lines are not printed. */
export function jobLogText(kind: JobKind, line: JobLogLine): string | null {
  if (line.level === 'info') return null;
  return `${kind}: ${line.level === 'warn' ? 'warning' : 'error'}: ${line.message}`;
}

/**
 * Every command's host: the workers' warnings and errors go to stderr (stdout may carry JSON).
 * A project another process writes to is waited for, then refused (`assay serve` says 'read-only').
 */
export function cliHost(options: Pick<HostOptions, 'profileImports' | 'rules' | 'whenProjectLocked' | 'alertSchedule'> = {}): Host {
  // The verb, for another process that finds the project held ("Assay process 123 (assay serve, since …)").
  const command = `assay ${process.argv[2] ?? ''}`.trim();
  const host = new Host({ mode: 'browser', version: appVersion(), whenProjectLocked: 'wait', command, ...options });
  host.push.subscribe((channel, payload) => {
    if (channel !== 'job:log') return;
    const { jobId, line } = payload as { jobId: string; line: JobLogLine };
    const text = jobLogText(host.jobs.get(jobId).kind, line);
    // On a terminal, clear the progress line first; the next progress update redraws it.
    if (text !== null) process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${text}\n`);
  });
  return host;
}

export function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a non-negative number, not ${value}`);
  return n;
}

/**
 * Runs an import job headless: progress on the terminal, Ctrl+C/SIGTERM cancel it (the project
 * keeps no trace of a cancelled import), and its result, or its error, once it ends.
 */
export async function runImportJob<R extends { readonly warning?: string }>(host: Host, start: () => JobInfo): Promise<R> {
  const stop = (): void => {
    for (const job of host.jobs.list()) host.jobs.cancel(job.id);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const print = progressPrinter();
  const unsubscribe = host.push.subscribe((channel, payload) => {
    if (channel !== 'job:progress') return;
    const job = host.jobs.get((payload as { jobId: string }).jobId);
    if (job) print(job);
  });
  try {
    const job = start();
    const done = await host.jobs.wait(job.id);
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (done.status === 'cancelled') throw new AssayError('CANCELLED', 'Import cancelled; nothing was imported.');
    if (done.status !== 'succeeded') throw reviveError(done.error);
    const result = host.jobs.resultOf(job.id) as R;
    // On stderr as well as in --json output: a script that only checks the exit code (0: the
    // import ran, its rows are kept in quarantine) still leaves the warning in its log.
    if (result.warning) process.stderr.write(`assay: warning: ${result.warning}\n`);
    return result;
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
