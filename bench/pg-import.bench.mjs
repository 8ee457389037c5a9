// Import of a 1,000,000-row PostgreSQL table through the whole app path (`assay import
// postgres://… --table T`: host + worker, server-side cursor, DatasetWriter into SQLite), against
// `COPY … TO STDOUT` of the same table by psql in the same run (the fastest way rows leave the
// server). Also: the import worker's peak RSS for 100k vs 1M rows (bounded by the batch, not the
// table), and an incremental refresh after 1% of the rows changed vs a full re-import. The 1M-row
// import runs once into row tables and once into column chunks (ASSAY_DATASET_STORAGE), each in a
// project of its own; the rest with column chunks (the refresh merges by key into chunks).
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { cli, reapedCpuSeconds, root, round, serverPid, tempHome, watchRss } from './lib.mjs';

const fixture = path.join(root, 'dist', 'bench', 'pg-fixture.cjs');
await build({
  stdin: { contents: "export { startPostgres } from './main/host/sources/test-servers';", resolveDir: root, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  outfile: fixture,
  logLevel: 'warning',
});
const { startPostgres } = createRequire(import.meta.url)(fixture);

const rowsBig = Number(process.env['PG_BENCH_ROWS'] ?? 1_000_000);
const rowsSmall = Math.round(rowsBig / 10);
const home = tempHome();
const server = await startPostgres();
const password = 'bench-pw-1';
const env = { ...process.env, ASSAY_HOME: home, PGPASSWORD: password };
const url = `postgres://bench@127.0.0.1:${server.port}/postgres`;

const postmaster = serverPid('postgres', server.port);

/**
 * Runs a client to its end: its wall time, output and peak RSS, and the CPU seconds it took (its whole
 * process tree) and its connections' backends took in the server (reaped by the postmaster once closed).
 */
function run(cmd, args, extraEnv = {}) {
  const cpu0 = reapedCpuSeconds();
  const server0 = reapedCpuSeconds(postmaster);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const rss = watchRss(child.pid);
    let out = '';
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (d) => {
      bytes += d.length;
      if (out.length < 100_000) out += d;
    });
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`${path.basename(cmd)} ${args[0]} exited ${code}: ${err}`));
      // The backend ends just after its client: give the postmaster a moment to reap it.
      setTimeout(() => resolve({ out, bytes, seconds, rss: rss.stop(), cpu: round(reapedCpuSeconds() - cpu0, 2), serverCpu: round(reapedCpuSeconds(postmaster) - server0, 2) }), 300);
    });
  });
}

try {
  const admin = new pg.Client({ host: server.host, port: server.port, user: 'postgres', password: server.admin.password, database: 'postgres' });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query(`CREATE ROLE bench LOGIN PASSWORD '${password}'`);
  for (const [name, n] of [['big', rowsBig], ['small', rowsSmall]]) {
    await admin.query(`CREATE TABLE ${name} AS SELECT g::bigint AS id, (g % 1000)::int AS bucket, g * 0.001::float8 AS x, 'customer ' || (g % 50000) AS label,
      g % 2 = 0 AS flag, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS updated_at FROM generate_series(1, ${n}) g`);
    await admin.query(`ALTER TABLE ${name} ADD PRIMARY KEY (id)`);
    await admin.query(`CREATE INDEX ON ${name} (updated_at)`);
    await admin.query(`GRANT SELECT ON ${name} TO bench`);
    await admin.query(`ANALYZE ${name}`);
  }
  const project = path.join(home, 'bench.assay');
  await run(process.execPath, [cli, 'new', project]);
  // The row-table import gets a project of its own: opened for the columnar imports, its dataset
  // would be converted to chunks first, inside their timing.
  const rowsProject = path.join(home, 'rows.assay');
  await run(process.execPath, [cli, 'new', rowsProject], { ASSAY_DATASET_STORAGE: 'rows' });

  // Reference: the same rows as COPY text, read to the end by psql.
  const copy = await run('psql', ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'bench', '-d', 'postgres', '-c', 'COPY big TO STDOUT']);
  const columns = { ASSAY_DATASET_STORAGE: 'columns' };
  const bigRows = await run(process.execPath, [cli, 'import', rowsProject, url, '--table', 'big', '--json'], { ASSAY_DATASET_STORAGE: 'rows' });
  const big = await run(process.execPath, [cli, 'import', project, url, '--table', 'big', '--json'], columns);
  const small = await run(process.execPath, [cli, 'import', project, url, '--table', 'small', '--json'], columns);
  for (const r of [bigRows, big]) {
    const stored = JSON.parse(r.out).rowsStored;
    if (stored !== rowsBig) throw new Error(`imported ${stored} rows, expected ${rowsBig}`);
  }

  // Incremental: first import by watermark, then 1% of the rows change, then the refresh.
  const inc = ['import', project, url, '--table', 'big', '--incremental', 'updated_at', '--key', 'id', '--json'];
  const full = await run(process.execPath, [cli, ...inc], columns);
  const changed = Math.round(rowsBig / 100);
  await admin.query(`UPDATE big SET x = -x, updated_at = timestamptz '2030-01-01 00:00:00+00' + id * interval '1 ms' WHERE id % 100 = 0`);
  const refresh = await run(process.execPath, [cli, ...inc], columns);
  const refreshResult = JSON.parse(refresh.out);
  if (refreshResult.rowsUpdated !== changed) throw new Error(`refresh updated ${refreshResult.rowsUpdated} rows, expected ${changed}`);
  await admin.end();

  console.log(
    JSON.stringify({
      bench: 'pg-import',
      rows: rowsBig,
      rows_importSeconds: round(bigRows.seconds),
      rows_ratioImportToCopy: round(copy.seconds / bigRows.seconds, 3),
      rows_workerPeakRssMB: bigRows.rss.workerMB,
      importSeconds: round(big.seconds),
      importRowsPerSec: Math.round(rowsBig / big.seconds),
      copyToStdoutSeconds: round(copy.seconds),
      copyRowsPerSec: Math.round(rowsBig / copy.seconds),
      copyMB: round(copy.bytes / 1e6, 1),
      ratioImportToCopy: round(copy.seconds / big.seconds, 3),
      goalRatio: 0.5,
      // CPU seconds of each side, client tree and server backend: on 2 cores a run takes at least half their sum.
      cpuSeconds: { import: big.cpu, importServer: big.serverCpu, copyPsql: copy.cpu, copyServer: copy.serverCpu },
      twoCoreFloorSeconds: { import: round((big.cpu + big.serverCpu) / 2, 2), copy: round((copy.cpu + copy.serverCpu) / 2, 2) },
      workerPeakRssMB: { [`rows${rowsSmall}`]: small.rss.workerMB, [`rows${rowsBig}`]: big.rss.workerMB },
      hostPeakRssMB: big.rss.hostMB,
      incremental: {
        changedRows: changed,
        refreshSeconds: round(refresh.seconds),
        fullImportSeconds: round(full.seconds),
        ratioRefreshToFull: round(refresh.seconds / full.seconds, 3),
      },
      loadAvg: (await import('node:os')).loadavg().map((x) => round(x, 1)),
    }),
  );
} finally {
  await server.stop();
  fs.rmSync(home, { recursive: true, force: true });
}
