// Incremental ingestion through the CLI (host + worker): appending a file to a dataset (staging table,
// then one transaction moving the rows) against importing the same file as a new dataset, and
// pseudonymising a column (keyed HMAC-SHA256 in one UPDATE) against a bare createHmac loop over the
// same number of values, all in the same run.
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cli, dataDir, round, tempHome } from './lib.mjs';

const rows = Number(process.env.INCREMENTAL_ROWS ?? 500_000);
const file = path.join(dataDir, `incremental-${rows}.csv`);

function generate() {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'id,email,amount,region\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    buf += `${i},user${i}@example.org,${(i * 0.37).toFixed(2)},${['north', 'south', 'east', 'west'][i % 4]}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

function run(env, ...args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`assay ${args.join(' ')}: ${r.stderr}`);
  return { seconds: (performance.now() - t0) / 1000, out: r.stdout };
}

generate();
const home = tempHome();
const env = { ...process.env, ASSAY_HOME: home };
const project = path.join(home, 'bench.assay');
run(env, 'new', project);
const fresh = run(env, 'import', project, file, '--name', 'sales', '--json');
const appended = run(env, 'import', project, file, '--append', '--name', 'sales', '--json');
const appendedRows = JSON.parse(appended.out).rowsStored;
const keyFile = path.join(home, 'bench.key');
const privacy = run(env, 'privacy', project, 'sales', '--pseudonymise', 'email', '--key-file', keyFile, '--json');
const cells = JSON.parse(privacy.out).cellsChanged;

// Reference: the bare HMAC work for the same values, no database.
const key = randomBytes(32);
const t0 = performance.now();
let sink = 0;
for (let i = 1; i <= cells; i++) sink += createHmac('sha256', key).update(`user${((i - 1) % rows) + 1}@example.org`).digest('hex').length;
const hmacSeconds = (performance.now() - t0) / 1000;
fs.rmSync(home, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'incremental',
  rowsPerFile: rows,
  fileMB: round(fs.statSync(file).size / 1e6, 1),
  newImportSeconds: round(fresh.seconds),
  appendSeconds: round(appended.seconds),
  appendedRows,
  ratioAppendToNewImport: round(appended.seconds / fresh.seconds, 3),
  pseudonymiseSeconds: round(privacy.seconds),
  pseudonymisedValues: cells,
  pseudonymiseValuesPerSecond: Math.round(cells / privacy.seconds),
  bareHmacSeconds: round(hmacSeconds),
  ratioPseudonymiseToBareHmac: round(privacy.seconds / hmacSeconds, 3),
  check: sink > 0,
}));
