// Readings/s stored from a socat virtual serial pair through the whole app path (`assay record --serial`:
// host + stream worker + line splitting + CSV parsing + pipeline + SQLite), 6 fields per line, with 0
// loss checked by sequence numbers; and the recorder's CPU use (host + worker) at a steady 1 kHz.
// Reference: the same burst read by a bare serialport reader in this process (lines counted only).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cli, loadInspect, round, stop, tempHome, socatPair, treeCpuTicks } from './lib.mjs';

const require = createRequire(import.meta.url);
const { openDatabase, columnStats, countTableRows } = await loadInspect();
const { SerialPort } = require('serialport');
const burst = Number(process.env.SERIAL_BENCH_LINES ?? 300_000);

if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).status !== 0) {
  console.log(JSON.stringify({ bench: 'serial', skipped: 'socat is not installed' }));
  process.exit(0);
}

const home = tempHome();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const line = (seq, kind) => `${seq},${kind},${(seq * 0.5).toFixed(1)},${Math.sin(seq).toFixed(4)},${seq % 7},${(seq % 100) / 10}\n`;

function writer(file) {
  const out = fs.createWriteStream(file);
  out.on('error', () => undefined);
  return { write: (s) => new Promise((r) => (out.write(s) ? r() : out.once('drain', r))), end: () => new Promise((r) => out.end(r)) };
}

async function writeBurst(w, from, count, kind) {
  for (let i = from; i < from + count; ) {
    let chunk = '';
    for (let k = 0; k < 1000 && i < from + count; k++) chunk += line(i++, kind);
    await w.write(chunk);
  }
}

function storedBurst(project) {
  try {
    const db = openDatabase(project, { readonly: true, fileMustExist: true });
    try {
      // Throws (so: null) until the recorder has created the stream's table.
      const s = columnStats(db, 'st_1', 'f0', { f1: 1 });
      return { n: s.n, d: s.distinct, lo: s.min, hi: s.max };
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

// Reference: a bare serialport reader counting newlines.
async function reference() {
  const pair = await socatPair(home, 'ref');
  const port = new SerialPort({ path: pair.b, baudRate: 115200 });
  await new Promise((r) => port.on('open', r));
  let lines = 0;
  let done;
  const finished = new Promise((r) => (done = r));
  port.on('data', (chunk) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (lines >= burst) done();
  });
  const w = writer(pair.a);
  const t0 = performance.now();
  await writeBurst(w, 1, burst, 1);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  port.close();
  await w.end();
  pair.kill();
  return burst / seconds;
}

const refRate = await reference();

const pair = await socatPair(home, 'app');
const project = path.join(home, 'serial.assay');
const child = spawn(process.execPath, [cli, 'record', project, '--serial', pair.b, '--json'], { env: { ...process.env, ASSAY_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
let stdout = '';
child.stdout.on('data', (d) => (stdout += d));
const w = writer(pair.a);
// Warm-up at ~1 kHz (kind 0) while the recorder detects the protocol and opens the stream.
let seq = 1;
let warm = true;
const warmup = (async () => {
  while (warm) {
    let s = '';
    for (let k = 0; k < 10; k++) s += line(seq++, 0);
    await w.write(s);
    await sleep(10);
  }
})();
const deadline = Date.now() + 30_000;
for (;;) {
  const db = storedBurst(project);
  if (db !== null) {
    const probe = openDatabase(project, { readonly: true });
    const n = countTableRows(probe, 'st_1');
    probe.close();
    if (n > 500) break;
  }
  if (Date.now() > deadline) throw new Error('the recorder never stored the warm-up lines');
  await sleep(100);
}
// CPU at a steady 1 kHz for 5 s.
const cpu0 = treeCpuTicks(child.pid);
const c0 = performance.now();
await sleep(5000);
const cpuPercent = ((treeCpuTicks(child.pid) - cpu0) / 100 / ((performance.now() - c0) / 1000)) * 100;
warm = false;
await warmup;

const t0 = performance.now();
await writeBurst(w, 1, burst, 1);
let stats = null;
while (!(stats && stats.n >= burst)) {
  if (performance.now() - t0 > 120_000) break;
  await sleep(20);
  stats = storedBurst(project);
}
const seconds = (performance.now() - t0) / 1000;
await stop(child);
await w.end();
pair.kill();
const summary = JSON.parse(stdout || '{}');
console.log(
  JSON.stringify({
    bench: 'serial',
    lines: burst,
    fields: 6,
    stored: stats?.n ?? 0,
    lost: burst - (stats?.d ?? 0),
    readingsPerSecond: round(burst / seconds, 0),
    referenceLinesPerSecond: round(refRate, 0),
    ratio: round(burst / seconds / refRate, 3),
    cpuPercentAt1kHz: round(cpuPercent, 1),
    summary,
  }),
);
fs.rmSync(home, { recursive: true, force: true });
