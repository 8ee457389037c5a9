import fs from 'node:fs';
import path from 'node:path';

/**
 * A worker-thread entry bundled beside the worker's bundle (dist/workers/NAME), or null where there is
 * none: when running from source (the tests of the code that would start it), or when the environment
 * variable `offVar` is "0" (a bench's one-thread comparison). The caller then does the work itself.
 */
export function bundledThreadFile(name: string, offVar?: string): string | null {
  if (offVar !== undefined && process.env[offVar] === '0') return null;
  const file = path.join(__dirname, name);
  return fs.existsSync(file) ? file : null;
}
