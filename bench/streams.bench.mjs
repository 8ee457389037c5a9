// Streaming platforms: messages/s stored by `assay record` (host + stream worker + source + pipeline +
// SQLite, exactly once: per-row position index, ack after commit) from a backlog of N JSON messages,
// against the bare client consuming (and acknowledging) the same N messages in the same run; then the
// latency from publish to stored row, p50/p99, at a steady 500 messages/s.
// NATS JetStream (nats-server -js), Redis Streams (redis-server) and Kinesis (kinesalite), started here
// on 127.0.0.1. Stored rate: from the first to the last row seen in the project (polled read-only
// every 20 ms). Latency: each payload carries its publish time; the project is polled every 5 ms and
// a row counts as stored when first seen (so figures are up to 5 ms late).
// NATS and Redis: a warm-up round of the bare client (discarded), then STREAMS_BENCH_ROUNDS (default
// 3) rounds, each the bare client then the app over the same N messages (a durable or group of its
// own each round); the figures are the medians, so one scheduler stall on the shared machine moves
// neither side alone.
// NATS and Redis also report CPU µs per message (/proc ticks, first → last stored row): the worker's
// stream thread, storage thread and other threads, and the server (cpuUsPerMessage), against the bare
// client's own and the server's (bareCpuUsPerMessage); cpuRatio is ours over the bare client's. On a
// machine shared by several people a rate moves with the load; the CPU a message costs much less.
// STREAMS_BENCH_MESSAGES (default 50,000; Kinesis a fifth of it: kinesalite itself is slow),
// STREAMS_BENCH_ONLY=nats,redis,kinesis picks platforms. STREAMS_BENCH_COMPARE_CLI=OTHER/dist/cli/assay.js
// runs each app round again with another build (an old one, copied beside a node_modules link), so old
// and new alternate in one session whatever the load (compareStoredPerSecond, compareRounds).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createClient } from 'redis';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { cli, loadInspect, median, percentile, root, round, tempHome } from './lib.mjs';

const { openDatabase, countTableRows, rowsAfter, tableCells } = await loadInspect();

const N = Number(process.env.STREAMS_BENCH_MESSAGES ?? 50_000);
const only = process.env.STREAMS_BENCH_ONLY?.split(',');
const rounds = Number(process.env.STREAMS_BENCH_ROUNDS ?? 3);
const compareOneThread = process.env.STREAMS_BENCH_ONE_THREAD === '1';
const home = tempHome();
const payload = (seq) => JSON.stringify({ seq, temp: 20 + (seq % 10) / 10, hum: 40 + (seq % 7) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
    await sleep(25);
  }
  throw new Error(`${cmd} did not start`);
}

const children = new Set();
// Ctrl+C or a timeout: exit through the handlers below, which stop the servers and recorders.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
process.on('exit', () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const compareCli = process.env.STREAMS_BENCH_COMPARE_CLI;

function record(args, project, extraEnv = {}) {
  // Its own process group, so a kill -9 takes its worker with it (a crash, not a stop).
  const child = spawn(process.execPath, [extraEnv.ASSAY_BENCH_CLI ?? cli, 'record', project, ...args, '--json'], { env: { ...process.env, ASSAY_HOME: home, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const listening = new Promise((resolve) => child.stderr.on('data', () => /consuming|reading|listening/.test(err) && resolve()));
  const stop = async () => {
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    return JSON.parse(out);
  };
  const kill9 = async () => {
    process.kill(-child.pid, 'SIGKILL');
    await new Promise((r) => child.on('exit', r));
  };
  return { listening, stop, kill9, pid: child.pid };
}

function storedRows(project) {
  let db = null;
  try {
    db = openWhenThere(project);
    return db ? countTableRows(db, 'st_1') : 0;
  } catch {
    return 0; // the table is not created yet
  } finally {
    db?.close();
  }
}

/**
 * `assay record` killed -9 (CLI and worker) once a third of the N messages are stored, then run
 * again until all are: every seq 1…N must be stored exactly once.
 */
async function killAndResume(args, project) {
  const first = record(args, project);
  while (storedRows(project) < N / 3) await sleep(20);
  await first.kill9();
  const atKill = storedRows(project);
  const second = record(args, project);
  while (storedRows(project) < N) await sleep(50);
  // Redeliveries of rows stored before the kill still arrive after the last new row: give them a moment.
  await sleep(1_000);
  const summary = await second.stop();
  const db = openDatabase(project, { readonly: true, fileMustExist: true });
  const fields = JSON.parse(tableCells(db, 'streams', { columns: ['fields'] })[0]?.[0] ?? '[]');
  const seqs = tableCells(db, 'st_1', { columns: [`f${fields.findIndex((f) => f.name === 'seq')}`] }).map(([v]) => Number(v));
  db.close();
  const distinct = new Set(seqs);
  let lost = 0;
  for (let s = 1; s <= N; s++) if (!distinct.has(s)) lost++;
  return { killedAtRows: atKill, lost, duplicated: seqs.length - distinct.size, redeliveriesSkipped: summary.duplicatesSkipped };
}

function openWhenThere(project) {
  try {
    return openDatabase(project, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
}

/** CPU ms (user + system, 10 ms ticks) of a process, or of one of its threads; 0 once it is gone. */
function cpuMs(pid, tid = pid) {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** The CPU ms of each thread of a process, by thread id. */
function threadCpu(pid) {
  const out = new Map();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) out.set(Number(tid), cpuMs(pid, Number(tid)));
  } catch {
    // gone
  }
  return out;
}

/** The worker process `assay record` (pid) forked: its first child. */
function workerOf(pid) {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || 0;
  } catch {
    return 0;
  }
}

/**
 * CPU µs per message from the first stored row to the last (load-proof where a rate is not: a
 * loaded machine stretches the wall clock far more than the CPU a message costs): the worker's
 * main (stream) thread, its busiest other thread (the storage thread), the rest of its threads
 * (V8's GC and compiler helpers), and the broker's server process.
 */
function cpuPerMessage(before, after, serverBefore, serverAfter, workerPid, messages) {
  const used = [...after].map(([tid, ms]) => [tid, ms - (before.get(tid) ?? 0)]);
  const main = used.find(([tid]) => tid === workerPid)?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== workerPid).map(([, ms]) => ms).sort((a, b) => b - a);
  const us = (ms) => round((ms * 1000) / messages, 2);
  return { main: us(main), storage: us(others[0] ?? 0), helpers: us(others.slice(1).reduce((a, b) => a + b, 0)), server: us(serverAfter - serverBefore) };
}

/** Runs `assay record` until the project holds `n` rows, then Ctrl+C; the stored rate over first → last row. */
async function recordUntil(args, project, n, extraEnv = {}, serverPid = 0) {
  const rec = record(args, project, extraEnv);
  let first = 0;
  let last = 0;
  let db = null;
  let atFirst = null;
  let atLast = null;
  for (;;) {
    await sleep(20);
    try {
      db ??= openWhenThere(project);
      const rows = db ? countTableRows(db, 'st_1') : 0;
      if (rows > 0 && first === 0) {
        first = Date.now();
        const worker = workerOf(rec.pid);
        atFirst = { rows, worker, threads: threadCpu(worker), server: cpuMs(serverPid) };
      }
      if (rows >= n) {
        last = Date.now();
        if (atFirst) atLast = { threads: threadCpu(atFirst.worker), server: cpuMs(serverPid) };
        break;
      }
    } catch {
      db?.close();
      db = null; // the table is not created yet
    }
  }
  db?.close();
  const summary = await rec.stop();
  const cpu = atFirst && atLast && atFirst.worker ? cpuPerMessage(atFirst.threads, atLast.threads, atFirst.server, atLast.server, atFirst.worker, n - atFirst.rows) : null;
  return { stored: summary.readings, duplicatesSkipped: summary.duplicatesSkipped, perSecond: Math.round(n / ((last - first) / 1000)), cpu };
}

/**
 * Publishes `count` messages at 500/s (5 every 10 ms) while `assay record` runs, and times each from
 * publish to its row appearing in the project.
 */
async function latency(args, project, publish, count = 2_000) {
  const rec = record(args, project);
  await rec.listening;
  const sentAt = new Map();
  let seq = 0;
  const publishing = (async () => {
    const t0 = performance.now();
    for (let tick = 0; seq < count; tick++) {
      const batch = [];
      for (let k = 0; k < 5 && seq < count; k++) batch.push(++seq);
      for (const s of batch) sentAt.set(s, Date.now());
      await publish(batch.map((s) => payload(s)));
      const due = t0 + (tick + 1) * 10;
      await sleep(Math.max(0, due - performance.now()));
    }
  })();
  const latencies = [];
  const bySeq = [];
  let db = null;
  let seqColumn = null;
  let after = 0;
  const deadline = Date.now() + 60_000;
  while (latencies.length < count && Date.now() < deadline) {
    await sleep(5);
    db ??= openWhenThere(project);
    if (!db) continue;
    try {
      if (seqColumn === null) {
        const fields = JSON.parse(tableCells(db, 'streams', { columns: ['fields'] })[0]?.[0] ?? '[]');
        const i = fields.findIndex((f) => f.name === 'seq');
        if (i < 0) continue;
        seqColumn = `f${i}`;
      }
      const now = Date.now();
      for (const [rowid, s] of rowsAfter(db, 'st_1', [seqColumn], after)) {
        after = rowid;
        const t = sentAt.get(Number(s));
        if (t !== undefined) {
          latencies.push(now - t);
          bySeq.push([Number(s), now - t]);
        }
      }
    } catch {
      // the table is not created yet
    }
  }
  await publishing;
  db?.close();
  await rec.stop();
  latencies.sort((a, b) => a - b);
  // The first second apart: a tail there is the start (detection, the storage thread opening), not the steady state.
  const steady = bySeq.filter(([s]) => s > 500).map(([, ms]) => ms).sort((a, b) => a - b);
  if (process.env.STREAMS_BENCH_LATENCY_DUMP) fs.writeFileSync(process.env.STREAMS_BENCH_LATENCY_DUMP, JSON.stringify(bySeq));
  return { latencyMessages: latencies.length, latencyP50Ms: percentile(latencies, 50), latencyP99Ms: percentile(latencies, 99), latencyP99AfterFirstSecondMs: percentile(steady, 99) };
}

/** A bare-client round timed by `round` (it returns messages/s), with its CPU per message: this process's and the server's. */
async function withCpu(serverPid, round) {
  const before = process.cpuUsage();
  const server = cpuMs(serverPid);
  const perSecond = await round();
  const used = process.cpuUsage(before);
  const us = (x) => Math.round((x / N) * 100) / 100;
  return { perSecond, cpu: { client: us(used.user + used.system), server: us((cpuMs(serverPid) - server) * 1000) } };
}

/**
 * A warm-up round of the bare client (discarded: JIT, the server's first reads), then `rounds` rounds
 * of bare client → app over the same messages; medians of each, every round's figure kept.
 */
async function interleaved(bareRound, appRound) {
  await bareRound('warm');
  const bares = [];
  const bareCpu = [];
  const apps = [];
  const oneThread = [];
  const other = [];
  for (let r = 1; r <= rounds; r++) {
    const bare = await bareRound(r);
    bares.push(bare.perSecond);
    bareCpu.push(bare.cpu);
    apps.push(await appRound(r));
    // STREAMS_BENCH_ONE_THREAD=1: the same round again with storage on the stream thread (ASSAY_STREAM_THREAD=0).
    if (compareOneThread) oneThread.push(await appRound(`${r}-one-thread`, { ASSAY_STREAM_THREAD: '0' }));
    if (compareCli) other.push((await appRound(`${r}-compare`, { ASSAY_BENCH_CLI: compareCli })).perSecond);
  }
  const lost = apps.filter((a) => a.stored !== N);
  if (lost.length > 0) throw new Error(`a round stored ${lost.map((a) => a.stored).join(', ')} of ${N}`);
  return {
    bare: { bareClientPerSecond: median(bares), bareRounds: bares, bareCpuUsPerMessage: bareCpu },
    app: {
      cpuUsPerMessage: apps.map((a) => a.cpu),
      // CPU per message, ours (worker + server) over the bare client's (client + server), medians of the rounds.
      cpuRatio: round(median(apps.map((a) => (a.cpu ? a.cpu.main + a.cpu.storage + a.cpu.helpers + a.cpu.server : NaN))) / median(bareCpu.map((c) => c.client + c.server))),
      ...(compareOneThread ? { oneThreadPerSecond: median(oneThread.map((a) => a.perSecond)), oneThreadRounds: oneThread.map((a) => a.perSecond), oneThreadCpuUsPerMessage: oneThread.map((a) => a.cpu) } : {}),
      ...(compareCli ? { compareStoredPerSecond: median(other), compareRounds: other } : {}),
      storedPerSecond: median(apps.map((a) => a.perSecond)), storedRounds: apps.map((a) => a.perSecond), stored: apps.map((a) => a.stored), duplicatesSkipped: apps.reduce((n, a) => n + a.duplicatesSkipped, 0) },
  };
}

async function nats() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-nats-'));
  const child = await server('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], port);
  const url = `nats://127.0.0.1:${port}`;
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'BENCH', subjects: ['bench.>'] });
  await jsm.streams.add({ name: 'LIVE', subjects: ['live.>'] });
  const js = jetstream(nc);
  for (let i = 1; i <= N; i += 1000) await Promise.all(Array.from({ length: Math.min(1000, N - i + 1) }, (_, k) => js.publish('bench.r', payload(i + k))));
  // Reference: a durable pull consumer that parses and acks each message.
  const bareRound = async (durable) => {
    await jsm.consumers.add('BENCH', { durable_name: durable, ack_policy: AckPolicy.Explicit });
    const messages = await (await js.consumers.get('BENCH', durable)).consume({ max_messages: 1000 });
    let seen = 0;
    let t0 = 0;
    for await (const m of messages) {
      if (seen++ === 0) t0 = performance.now();
      JSON.parse(m.string());
      m.ack();
      if (seen === N) break;
    }
    return Math.round(N / ((performance.now() - t0) / 1000));
  };
  const { bare, app } = await interleaved(
    (r) => withCpu(child.pid, () => bareRound(`bare${r}`)),
    (r, env) => recordUntil(['--nats', url, '--stream', 'BENCH', '--durable', `assay${r}`], path.join(home, `nats-${r}.assay`), N, env, child.pid),
  );
  const kill = await killAndResume(['--nats', url, '--stream', 'BENCH', '--durable', 'killed', '--ack-wait', '2'], path.join(home, 'nats-kill.assay'));
  const lat = await latency(['--nats', url, '--stream', 'LIVE', '--durable', 'assay', '--from', 'latest'], path.join(home, 'nats-live.assay'), (texts) => Promise.all(texts.map((t) => js.publish('live.r', t))));
  await nc.close();
  child.kill();
  return { platform: 'nats', messages: N, ...app, ratio: round(app.storedPerSecond / bare.bareClientPerSecond), ...bare, kill9: kill, ...lat };
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
  const bareRound = async (group) => {
    await client.sendCommand(['XGROUP', 'CREATE', 'bench', group, '0']);
    let seen = 0;
    const t0 = performance.now();
    while (seen < N) {
      const reply = await client.sendCommand(['XREADGROUP', 'GROUP', group, 'c', 'COUNT', '500', 'STREAMS', 'bench', '>']);
      const entries = reply?.[0]?.[1] ?? [];
      for (const [, fields] of entries) JSON.parse(fields[1]);
      if (entries.length > 0) await client.sendCommand(['XACK', 'bench', group, ...entries.map((e) => e[0])]);
      seen += entries.length;
    }
    return Math.round(N / ((performance.now() - t0) / 1000));
  };
  const { bare, app } = await interleaved(
    (r) => withCpu(child.pid, () => bareRound(`bare${r}`)),
    (r, env) => recordUntil(['--redis', url, '--stream', 'bench', '--group', `assay${r}`], path.join(home, `redis-${r}.assay`), N, env, child.pid),
  );
  const kill = await killAndResume(['--redis', url, '--stream', 'bench', '--group', 'killed'], path.join(home, 'redis-kill.assay'));
  await client.xAdd('live', '*', { data: payload(0) });
  const lat = await latency(['--redis', url, '--stream', 'live', '--group', 'assay', '--from', 'latest'], path.join(home, 'redis-live.assay'), async (texts) => {
    const multi = client.multi();
    for (const t of texts) multi.xAdd('live', '*', { data: t });
    await multi.exec();
  });
  await client.close();
  child.kill();
  return { platform: 'redis', messages: N, ...app, ratio: round(app.storedPerSecond / bare.bareClientPerSecond), ...bare, kill9: kill, ...lat };
}

async function kinesis() {
  const n = Math.max(1, Math.round(N / 5));
  const port = await freePort();
  const kinesaliteCli = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('kinesalite/package.json')), 'cli.js');
  const child = await server(process.execPath, [kinesaliteCli, '--port', String(port), '--createStreamMs', '0', '--deleteStreamMs', '0'], port);
  const endpoint = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'bench';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
  process.env.AWS_REGION ??= 'us-east-1';
  const client = new KinesisClient({ endpoint, region: 'us-east-1', requestHandler: new NodeHttpHandler() });
  for (const name of ['bench', 'live']) await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
  await sleep(200);
  const put = (stream, texts, key) => client.send(new PutRecordsCommand({ StreamName: stream, Records: texts.map((t, i) => ({ Data: Buffer.from(t), PartitionKey: String(key + i) })) }));
  for (let i = 1; i <= n; i += 500) await put('bench', Array.from({ length: Math.min(500, n - i + 1) }, (_, k) => payload(i + k)), i);
  // Reference: GetRecords of 1,000 per call over both shards, parsing each record, as the app's source reads.
  const shards = (await client.send(new ListShardsCommand({ StreamName: 'bench' }))).Shards ?? [];
  const iterators = [];
  for (const s of shards) iterators.push((await client.send(new GetShardIteratorCommand({ StreamName: 'bench', ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator);
  let seen = 0;
  const t0 = performance.now();
  for (let turn = 0; seen < n; turn++) {
    const k = turn % iterators.length;
    const out = await client.send(new GetRecordsCommand({ ShardIterator: iterators[k], Limit: 1000 }));
    iterators[k] = out.NextShardIterator;
    for (const r of out.Records ?? []) JSON.parse(Buffer.from(r.Data).toString('utf8'));
    seen += out.Records?.length ?? 0;
  }
  const bare = Math.round(n / ((performance.now() - t0) / 1000));
  const app = await recordUntil(['--kinesis', 'bench', '--endpoint', endpoint], path.join(home, 'kinesis.assay'), n);
  let key = 0;
  const lat = await latency(['--kinesis', 'live', '--endpoint', endpoint, '--from', 'latest'], path.join(home, 'kinesis-live.assay'), (texts) => put('live', texts, (key += texts.length)), 1_000);
  client.destroy();
  child.kill();
  return { platform: 'kinesis', messages: n, bareClientPerSecond: bare, storedPerSecond: app.perSecond, ratio: round(app.perSecond / bare), stored: app.stored, ...lat };
}

for (const bench of [nats, redis, kinesis]) if (!only || only.includes(bench.name)) console.log(JSON.stringify({ ...(await bench()), loadAverage: round(os.loadavg()[0], 1) }));
process.exit(0);
