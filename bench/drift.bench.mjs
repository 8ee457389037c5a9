// Drift check at scale: a 1,000,000-row current window × 30 columns (24 numeric, 6 categorical;
// 3 numeric and 1 categorical column drifted) against a 100,000-row reference. Ours summarises the
// reference (10,000-point sketches), streams the current rows through the reference-binned
// summaries in 10,000-row chunks as a check does, then computes KS (statistic + p-value),
// Wasserstein ÷ reference std and PSI per numeric column, chi-square, Jensen–Shannon and PSI per
// categorical column, and the default verdicts. The reference is SciPy/pandas computing the same
// statistics on the full arrays in the same run (Debian python3; skipped with the reason if absent).
// Each side runs in its own process, reads the same binary files and reports its time (file read
// included) and peak RSS. Goal: faster than SciPy, ≤ 5 s, memory bounded by the summaries.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir, round } from './lib.mjs';
import { python, ownPeakRssMB } from './trees-lib.mjs';
import { buildMonitor, loadMonitor, rng } from './drift-lib.mjs';

const refRows = 100_000;
const curRows = Number(process.env.DRIFT_ROWS ?? 1_000_000);
const cols = 30;
const numeric = 24;
const chunkRows = 10_000;
const refFile = path.join(dataDir, `drift-ref-${refRows}x${cols}.f64`);
const curFile = path.join(dataDir, `drift-cur-${curRows}x${cols}.f64`);

/** Row-major float64; categorical columns hold category codes 0–11. Written in chunks, never whole in memory. */
function generate(file, rows, seed, drifted) {
  if (fs.existsSync(file) && fs.statSync(file).size === rows * cols * 8) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const r = rng(seed);
  const fd = fs.openSync(file, 'w');
  const buf = new Float64Array(chunkRows * cols);
  for (let start = 0; start < rows; start += chunkRows) {
    const n = Math.min(chunkRows, rows - start);
    for (let i = 0; i < n; i++) {
      const o = i * cols;
      for (let c = 0; c < numeric; c++) {
        const z = r.normal();
        // Normal, log-normal and rounded (ties) columns; the first three shift when drifted.
        let v = c % 3 === 0 ? z * (1 + c / 10) + c : c % 3 === 1 ? Math.exp(z / 2) : Math.round(z * 4);
        if (drifted && c < 3) v += 0.5 * (c % 3 === 1 ? 0.6 : c % 3 === 2 ? 4 : 1 + c / 10);
        buf[o + c] = v;
      }
      for (let c = numeric; c < cols; c++) {
        // Geometric-ish category codes; the first categorical column tilts when drifted.
        const u = r.next();
        const p = drifted && c === numeric ? 0.45 : 0.3;
        buf[o + c] = Math.min(11, Math.floor(Math.log(1 - u) / Math.log(1 - p)));
      }
    }
    fs.writeSync(fd, new Uint8Array(buf.buffer, 0, n * cols * 8));
  }
  fs.closeSync(fd);
}

/** Streams a row-major file in chunks, one row array at a time. */
function* rowsOf(file, rows) {
  const fd = fs.openSync(file, 'r');
  const bytes = new Uint8Array(chunkRows * cols * 8);
  const data = new Float64Array(bytes.buffer);
  const row = new Array(cols);
  for (let start = 0; start < rows; start += chunkRows) {
    const n = Math.min(chunkRows, rows - start);
    fs.readSync(fd, bytes, 0, n * cols * 8, start * cols * 8);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < cols; c++) row[c] = data[i * cols + c];
      yield row;
    }
  }
  fs.closeSync(fd);
}

const columns = Array.from({ length: cols }, (_, c) => ({ name: `c${c}`, kind: c < numeric ? 'numeric' : 'categorical' }));

async function child() {
  const m = await loadMonitor();
  const t0 = performance.now();
  const refSummarizer = new m.WindowSummarizer(columns, null, { cap: m.REFERENCE_CAP });
  for (const row of rowsOf(refFile, refRows)) refSummarizer.add(row);
  const reference = refSummarizer.result();
  const curSummarizer = new m.WindowSummarizer(columns, null, { against: reference });
  for (const row of rowsOf(curFile, curRows)) curSummarizer.add(row);
  const current = curSummarizer.result();
  const stats = {};
  for (const { name, kind } of columns) {
    const methods = kind === 'numeric' ? ['ks', 'wasserstein', 'psi'] : ['chi2', 'jensen-shannon', 'psi'];
    stats[name] = Object.fromEntries(methods.map((method) => {
      const r = m.measure(method, reference.columns[name], current.columns[name]);
      return [method, r.pValue === undefined ? r.statistic : [r.statistic, r.pValue]];
    }));
  }
  const report = m.checkDrift(reference, current);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage();
  const drifted = Object.entries(report.columns).filter(([, c]) => c.drift).map(([n]) => n);
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMB: ownPeakRssMB(), stats, drifted }));
}

const scipyScript = `
import json, resource, sys, time
import numpy as np, pandas as pd
from scipy import stats
from scipy.spatial import distance
ref_file, cur_file, ref_rows, cur_rows, cols, numeric = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
t0 = time.perf_counter()
ref = pd.DataFrame(np.fromfile(ref_file).reshape(ref_rows, cols))
cur = pd.DataFrame(np.fromfile(cur_file).reshape(cur_rows, cols))
def psi(r, c):
    r = np.where(r == 0, 0.0001, r); c = np.where(c == 0, 0.0001, c)
    return float(np.sum((c - r) * np.log(c / r)))
out = {}
for j in range(cols):
    a, b = ref[j].to_numpy(), cur[j].to_numpy()
    if j < numeric:
        ks = stats.ks_2samp(a, b)
        w = stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)
        edges = np.unique(np.quantile(a, np.arange(1, 10) / 10, method='inverted_cdf'))
        sa = np.bincount(np.searchsorted(edges, a, side='left'), minlength=len(edges) + 1) / len(a)
        sb = np.bincount(np.searchsorted(edges, b, side='left'), minlength=len(edges) + 1) / len(b)
        out[f'c{j}'] = {'ks': [float(ks.statistic), float(ks.pvalue)], 'wasserstein': float(w), 'psi': psi(sa, sb)}
    else:
        rc, cc = ref[j].value_counts(), cur[j].value_counts()
        keys = list(rc.index) + [k for k in cc.index if k not in rc.index]
        r = np.array([rc.get(k, 0) for k in keys], dtype=float); c = np.array([cc.get(k, 0) for k in keys], dtype=float)
        chi = stats.chi2_contingency(np.vstack([r, c]))
        out[f'c{j}'] = {'chi2': [float(chi[0]), float(chi[1])], 'jensen-shannon': float(distance.jensenshannon(r, c)), 'psi': psi(r / r.sum(), c / c.sum())}
seconds = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'seconds': seconds, 'cpuSeconds': ru.ru_utime + ru.ru_stime, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'stats': out}))
`;

function lastJson(stdout) {
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** The largest |ours − SciPy| per statistic across columns (p-values only where SciPy's is above 1e-300). */
function agreement(ours, theirs) {
  const worst = {};
  for (const [col, s] of Object.entries(theirs)) {
    for (const [method, v] of Object.entries(s)) {
      const [a, b] = [ours[col][method], v].map((x) => (Array.isArray(x) ? x : [x]));
      const names = a.length === 2 ? [`${method}`, `${method} p`] : [method];
      names.forEach((n, i) => {
        worst[n] = Math.max(worst[n] ?? 0, Math.abs(a[i] - b[i]));
      });
    }
  }
  return Object.fromEntries(Object.entries(worst).map(([k, v]) => [k, Number(v.toPrecision(2))]));
}

async function main() {
  await buildMonitor();
  generate(refFile, refRows, 16, false);
  generate(curFile, curRows, 1016, true);
  const self = fileURLToPath(import.meta.url);
  const ours = spawnSync(process.execPath, [self, '--child'], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (ours.status !== 0) throw new Error(`our drift check exited ${ours.status}`);
  const o = lastJson(ours.stdout);
  const result = {
    bench: 'drift',
    rows: curRows,
    referenceRows: refRows,
    columns: cols,
    seconds: round(o.seconds, 2),
    cpuSeconds: round(o.cpuSeconds, 2),
    peakRssMB: round(o.peakRssMB, 0),
    drifted: o.drifted,
  };
  const check = spawnSync(python, ['-c', 'import scipy, pandas'], { encoding: 'utf8' });
  if (check.status !== 0) {
    result.scipy = { skipped: `${python} with scipy and pandas is not available (${(check.stderr || check.error?.message || '').trim().split('\n').pop()})` };
  } else {
    const py = spawnSync(python, ['-c', scipyScript, refFile, curFile, String(refRows), String(curRows), String(cols), String(numeric)], {
      encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/blas:/usr/lib/x86_64-linux-gnu/lapack' },
    });
    if (py.status !== 0) throw new Error(`the SciPy reference exited ${py.status}`);
    const p = lastJson(py.stdout);
    result.scipy = { seconds: round(p.seconds, 2), cpuSeconds: round(p.cpuSeconds, 2), peakRssMB: round(p.peakRssMB, 0) };
    result.speedup = round(p.seconds / o.seconds, 2);
    // CPU time is the fairer ratio when other work shares the cores.
    result.cpuSpeedup = round(p.cpuSeconds / o.cpuSeconds, 2);
    result.maxAbsDiff = agreement(o.stats, p.stats);
  }
  console.log(JSON.stringify(result));
}

if (process.argv.includes('--child')) await child();
else await main();
