/**
 * The `assay` executable (package.json "bin": dist/cli/assay.js). Small on purpose: the CLI itself
 * (dist/cli/assay-cli.js, bin.ts) is a 1.2 MB bundle with its packages, ~0.4 s of CPU to load on a
 * quiet machine, and a PostgreSQL import's worker, forked here first, loads its own code (pg
 * included) on the second core meanwhile instead of after it.
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
