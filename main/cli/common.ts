import type { JobInfo } from '../../preload/contract/types';

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
