/**
 * The `assay` executable (package.json "bin": dist/cli/assay.js). Small on purpose: the CLI itself
 * (dist/cli/assay-cli.js, bin.ts) is a 1.2 MB bundle with its packages, ~0.4 s of CPU to load on a
 * quiet machine, and an import's worker, forked here first, loads its own code (pg, or the file
 * readers) on the second core meanwhile instead of after it: 0.67 → 0.56 s for a 2,000-row CSV.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { prestartWorker } from '../host/jobs/launcher';
import { workerEntry } from '../host/paths';
import { prestartFor } from './prestart';

const warm = prestartFor(process.argv.slice(2));
if (warm) prestartWorker(workerEntry(), warm);
// Loaded by path at run time: not bundled into this file.
createRequire(__filename)(path.join(__dirname, 'assay-cli.js'));
