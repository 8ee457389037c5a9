import { AssayError, reviveError } from '../../preload/contract/errors';
import type { JobInfo } from '../../preload/contract/types';
import type { Host } from '../host/host';

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
export async function runImportJob<R>(host: Host, start: () => JobInfo): Promise<R> {
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
    return host.jobs.resultOf(job.id) as R;
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
