// Streaming platforms: messages/s stored by `assay record` (host + stream worker + source + pipeline +
// SQLite, exactly once: per-row position index, ack after commit) from a backlog of N JSON messages,
// against the bare client consuming (and acknowledging) the same N messages in the same run.
// NATS JetStream (nats-server -js) and Redis Streams (redis-server), started here on 127.0.0.1.
// Stored rate: from the first to the last row seen in the project (polled read-only every 20 ms).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createClient } from 'redis';
import { cli, loadInspect, round, tempHome } from './lib.mjs';

const { openDatabase, countTableRows } = await loadInspect();

const N = Number(process.env.STREAMS_BENCH_MESSAGES ?? 50_000);
const home = tempHome();
const payload = (seq) => JSON.stringify({ seq, temp: 20 + (seq % 10) / 10, hum: 40 + (seq % 7) });

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function server(cmd, args, port) {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGKILL'));
  for (let i = 0; i < 400; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${cmd} did not start`);
}

/** Runs `assay record` until the project holds `n` rows, then Ctrl+C; the stored rate over first → last row. */
async function recordUntil(args, project, n) {
  const child = spawn(process.execPath, [cli, 'record', project, ...args, '--json'], { env: { ...process.env, ASSAY_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  let first = 0;
  let last = 0;
  let db = null;
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    try {
      db ??= openDatabase(project, { readonly: true, fileMustExist: true });
      const rows = countTableRows(db, 'st_1');
      if (rows > 0 && first === 0) first = Date.now();
      if (rows >= n) {
        last = Date.now();
        break;
      }
    } catch {
      db?.close();
      db = null; // not created yet
    }
  }
  db?.close();
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  const summary = JSON.parse(out);
  return { stored: summary.readings, duplicatesSkipped: summary.duplicatesSkipped, perSecond: Math.round(n / ((last - first) / 1000)) };
}

async function nats() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-nats-'));
  const child = await server('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], port);
  const url = `nats://127.0.0.1:${port}`;
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'BENCH', subjects: ['bench.>'] });
  const js = jetstream(nc);
  for (let i = 1; i <= N; i += 1000) await Promise.all(Array.from({ length: Math.min(1000, N - i + 1) }, (_, k) => js.publish('bench.r', payload(i + k))));
  // Reference: a durable pull consumer that parses and acks each message.
  await jsm.consumers.add('BENCH', { durable_name: 'bare', ack_policy: AckPolicy.Explicit });
  const messages = await (await js.consumers.get('BENCH', 'bare')).consume({ max_messages: 1000 });
  let seen = 0;
  let t0 = 0;
  for await (const m of messages) {
    if (seen++ === 0) t0 = performance.now();
    JSON.parse(m.string());
    m.ack();
    if (seen === N) break;
  }
  const bare = Math.round(N / ((performance.now() - t0) / 1000));
  await nc.close();
  const app = await recordUntil(['--nats', url, '--stream', 'BENCH', '--durable', 'assay'], path.join(home, 'nats.assay'), N);
  child.kill();
  return { platform: 'nats', messages: N, bareClientPerSecond: bare, storedPerSecond: app.perSecond, ratio: round(app.perSecond / bare), stored: app.stored };
}

async function redis() {
  const port = await freePort();
  const child = await server('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], port);
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url });
  await client.connect();
  for (let i = 1; i <= N; i += 1000) {
    const multi = client.multi();
    for (let k = i; k < i + 1000 && k <= N; k++) multi.xAdd('bench', '*', { data: payload(k) });
    await multi.exec();
  }
  // Reference: a consumer group member reading 500 at a time, parsing, and XACKing each batch.
  await client.sendCommand(['XGROUP', 'CREATE', 'bench', 'bare', '0']);
  let seen = 0;
  const t0 = performance.now();
  while (seen < N) {
    const reply = await client.sendCommand(['XREADGROUP', 'GROUP', 'bare', 'c', 'COUNT', '500', 'STREAMS', 'bench', '>']);
    const entries = reply?.[0]?.[1] ?? [];
    for (const [, fields] of entries) JSON.parse(fields[1]);
    if (entries.length > 0) await client.sendCommand(['XACK', 'bench', 'bare', ...entries.map((e) => e[0])]);
    seen += entries.length;
  }
  const bare = Math.round(N / ((performance.now() - t0) / 1000));
  await client.close();
  const app = await recordUntil(['--redis', url, '--stream', 'bench', '--group', 'assay'], path.join(home, 'redis.assay'), N);
  child.kill();
  return { platform: 'redis', messages: N, bareClientPerSecond: bare, storedPerSecond: app.perSecond, ratio: round(app.perSecond / bare), stored: app.stored };
}

for (const bench of [nats, redis]) console.log(JSON.stringify(await bench()));
process.exit(0);
