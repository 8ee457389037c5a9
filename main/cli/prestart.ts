import type { WorkerWarmUp } from '../host/jobs/launcher';

/**
 * Which worker an `assay` command line will surely need, to be forked before the CLI's bundle
 * loads (see entry.ts): a PostgreSQL import's. Pure and cheap: it runs before anything else.
 */
export function prestartFor(args: readonly string[]): WorkerWarmUp | null {
  if (args[0] !== 'import') return null;
  return args.slice(1).some((a) => /^postgres(ql)?:\/\//i.test(a)) ? 'postgres' : null;
}
