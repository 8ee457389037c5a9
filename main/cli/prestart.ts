import type { WorkerWarmUp } from '../host/jobs/launcher';

/**
 * Which worker an `assay` command line will surely need, to be forked before the CLI's bundle
 * loads (see entry.ts): a PostgreSQL import's, or a file import's (any other source but a URL:
 * MySQL, SQLite and HTTP imports start theirs the usual way). Pure and cheap: it runs before anything else.
 */
export function prestartFor(args: readonly string[]): WorkerWarmUp | null {
  if (args[0] !== 'import') return null;
  const rest = args.slice(1);
  if (rest.some((a) => /^postgres(ql)?:\/\//i.test(a))) return 'postgres';
  if (rest.some((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a) || a === '--help' || a === '-h')) return null;
  return rest.filter((a) => !a.startsWith('-')).length >= 2 ? 'file' : null;
}
