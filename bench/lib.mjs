// Shared helpers of the benchmarks: start `assay serve`, launch Debian's Chromium, percentiles, peak RSS.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cli = path.join(root, 'dist', 'cli', 'assay.js');
export const dataDir = path.join(root, 'bench', '.data');
/** The real datasets beside the repo (../shared/data). */
export const sharedData = path.resolve(root, '..', 'shared', 'data');

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium() {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
}

export function tempHome() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-'));
}

/**
 * A fresh project in a temp home with the churn GBDT trained (holdout) and registered as "churn", as the
 * serving benches need it; `assay(...args)` runs the CLI on that home.
 */
export function churnServingProject() {
  const home = tempHome();
  const env = { ...process.env, ASSAY_HOME: path.join(home, 'home') };
  const project = path.join(home, 'bench.assay');
  const assay = (...args) => execFileSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  assay('new', project);
  assay('import', project, path.join(sharedData, 'mlc_churn.csv'), '--name', 'churn');
  const trained = JSON.parse(assay('train', project, '--dataset', 'churn', '--target', 'churn', '--model', 'gbdt', '--validation', 'holdout', '--json'));
  assay('register', project, String(trained.runId), '--name', 'churn');
  return { home, env, project, assay };
}

/**
 * Starts `assay serve`; resolves with the URL line and the child once it is printed. It is
 * stopped when the bench exits, even by a failure: an orphaned server's serial stream keeps
 * reopening its socat link, and once socat is gone that link names a recycled /dev/pts number,
 * the next run's pair, whose lines the orphan then steals (the next run's stream: "in use by
 * another program", no data).
 */
export function serve(args, home) {
  const child = spawn(process.execPath, [cli, 'serve', ...args, '--port', '0'], {
    env: { ...process.env, ASSAY_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ url: d.toString().split('\n')[0], child }));
    child.once('exit', (code) => reject(new Error(`assay serve exited ${code}`)));
  });
}

/**
 * What a client of `assay serve` sends on its WebSocket: the token cookie, named per port since
 * two instances on one host must not log each other out (main/serve/server.ts tokenCookieName),
 * and the page's own Origin.
 */
export function sessionHeaders(url) {
  const u = new URL(url);
  return { cookie: `assay_token_${u.port}=${u.searchParams.get('token')}`, origin: u.origin };
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values) {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const round = (x, digits = 2) => Number(x.toFixed(digits));

/** A virtual serial pair made by socat in `dir`: a writer uses `a`, the app reads `b`. */
export async function socatPair(dir, name) {
  const a = path.join(dir, `${name}-a`);
  const b = path.join(dir, `${name}-b`);
  const child = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  // A killed socat leaves its links, naming pty numbers the next pair may get: removed with it.
  const kill = () => {
    child.kill('SIGKILL');
    for (const link of [a, b]) fs.rmSync(link, { force: true });
  };
  process.on('exit', kill);
  while (!(fs.existsSync(a) && fs.existsSync(b))) await new Promise((r) => setTimeout(r, 20));
  return { a, b, kill };
}

/** CPU time (in 1/100 s ticks) used so far by a process and all its descendants. */
export function treeCpuTicks(pid) {
  let total = 0;
  const pids = [pid];
  for (let k = 0; k < pids.length; k++) {
    try {
      const stat = fs.readFileSync(`/proc/${pids[k]}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(f[11]) + Number(f[12]);
      pids.push(...childPids(pids[k]));
    } catch {
      // Gone.
    }
  }
  return total;
}

export function childPids(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function peakRssKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Polls /proc for the peak RSS (VmHWM) of a process and, separately, of its children. */
export function watchRss(pid, everyMs = 25) {
  const peak = { host: 0, worker: 0 };
  const timer = setInterval(() => {
    peak.host = Math.max(peak.host, peakRssKb(pid));
    for (const c of childPids(pid)) peak.worker = Math.max(peak.worker, peakRssKb(c));
  }, everyMs);
  return { stop: () => (clearInterval(timer), { hostMB: round(peak.host / 1024, 1), workerMB: round(peak.worker / 1024, 1) }) };
}

/**
 * CPU seconds (user + system) of the waited-for children of `pid` so far (/proc's cutime + cstime): a
 * process's whole tree once each has exited and been reaped (a CLI reaps its worker, the bench the CLI,
 * PostgreSQL's postmaster each connection's backend). Linux's USER_HZ is 100.
 */
export function reapedCpuSeconds(pid = 'self') {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // Fields 16 and 17 of stat (cutime, cstime), counted from the state field (3rd).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** The PID of the server process whose command line holds `-p PORT` (a test server started by a bench). */
export function serverPid(name, port) {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (path.basename(args[0]) === name && args.some((a, i) => a === '-p' && args[i + 1] === String(port))) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no ${name} listening on port ${port}`);
}

/**
 * The data layer's test looks (native-workers/project/inspect.ts) bundled for a bench, so a bench
 * reads a project file the way tests do instead of speaking SQL itself (#13: SQL stays in project/).
 */
export async function loadInspect() {
  const { build } = await import('esbuild');
  const outfile = path.join(root, 'dist', 'bench', 'inspect.mjs');
  await build({
    stdin: {
      contents: "export * from './native-workers/project/inspect.ts';\nexport { openDatabase } from './native-workers/project/open.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
