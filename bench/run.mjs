// `npm run bench -- NAME`: runs one benchmark (or all with no NAME); each prints one JSON line.
// Benchmarks compare against a reference measured in the same run (a ratio), since machines are noisy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const names = fs.readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.replace('.bench.mjs', ''));
// Arguments from the first --flag on go to the benchmark(s), e.g. `-- import-1gb --size-mb 100`.
const firstFlag = process.argv.slice(2).findIndex((a) => a.startsWith('--'));
const wanted = firstFlag === -1 ? process.argv.slice(2) : process.argv.slice(2, 2 + firstFlag);
const passed = firstFlag === -1 ? [] : process.argv.slice(2 + firstFlag);
const unknown = wanted.filter((n) => !names.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; have: ${names.join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of wanted.length ? wanted : names) {
  const res = spawnSync(process.execPath, ['--expose-gc', path.join(here, `${name}.bench.mjs`), ...passed], { stdio: 'inherit' });
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
