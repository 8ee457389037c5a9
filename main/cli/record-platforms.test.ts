/**
 * `assay record` from streaming platforms against real servers started here on 127.0.0.1:
 * nats-server -js, redis-server, kinesalite. Each platform: N messages with sequence numbers all
 * stored once; a kill -9 of the CLI and its worker mid-stream, then a restart, leaves 0 lost and
 * 0 duplicated; malformed payloads are kept with their reason; a refused login, an unreachable
 * server and a deleted stream each fail with a clear message. Kafka runs against KAFKA_BROKERS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect as natsConnect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createClient } from 'redis';
import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamCommand, KinesisClient, PutRecordsCommand, ResourceNotFoundException } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import avro from 'avsc';
import fs from 'node:fs';
import { tempDir, waitFor } from '../host/testing';
import { openDatabase } from '../../native-workers/project/open';
import { countTableRows, tableCells } from '../../native-workers/project/inspect';
import { hasNatsServer, natsServerPath, startNats, type NatsServer } from '../../native-workers/streams/testing-nats';
import { hasRedisServer, redisServerPath, startRedis, type RedisServer } from '../../native-workers/streams/testing-redis';
import { startKinesalite, type Kinesalite } from '../../native-workers/streams/testing-kinesalite';
import { freePort } from '../../native-workers/streams/testing-process';
import type { OffsetRange, PartitionLag } from '../../preload/contract/stream-platforms';
import { cliEnv, cliPath, type CliResult } from './testing';

const dir = tempDir('assay-record-platforms-');
const awsEnv = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
const env = { ...cliEnv(dir), ...awsEnv };
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

interface Printed {
  readings: number;
  malformed: number;
  duplicatesSkipped: number;
  streamId: number;
  lag: PartitionLag[];
  offsets: OffsetRange[];
}

/** Runs the CLI in its own process group, so a kill -9 takes its worker with it (a crash, not a stop). */
function start(args: string[], extraEnv: Record<string, string> = {}): { done: Promise<CliResult>; kill9: () => void; interrupt: () => void; stderr: () => string } {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { ...env, ...extraEnv }, detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, kill9: () => process.kill(-(child.pid ?? 0), 'SIGKILL'), interrupt: () => child.kill('SIGINT'), stderr: () => stderr };
}

const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> => start(args, extraEnv).done;

function printed(res: CliResult): Printed {
  if (res.code !== 0) throw new Error(`assay record failed (${res.code}): ${res.stderr}`);
  return JSON.parse(res.stdout) as Printed;
}

const payload = (seq: number): string => JSON.stringify({ seq, temp: 20 + (seq % 10) / 10 });

/** The seq column of the stream's table: every value, to count lost and duplicated ones. */
function storedSeqs(project: string, streamId: number): number[] {
  const db = openDatabase(project, { readonly: true });
  try {
    const fields = JSON.parse(tableCells(db, 'streams', { columns: ['fields'], where: { id: streamId } })[0]?.[0] as string) as { name: string }[];
    const col = `f${fields.findIndex((f) => f.name === 'seq')}`;
    return tableCells(db, `st_${streamId}`, { columns: [col] }).map(([v]) => Number(v));
  } finally {
    db.close();
  }
}

function expectExactlyOnce(seqs: readonly number[], n: number): void {
  const distinct = new Set(seqs);
  expect({ lost: n - distinct.size, duplicated: seqs.length - distinct.size }).toEqual({ lost: 0, duplicated: 0 });
  for (let s = 1; s <= n; s++) if (!distinct.has(s)) throw new Error(`seq ${s} lost`);
}

/** Waits until the project holds at least `rows` readings of the stream (read-only looks while the CLI writes). */
async function waitForRows(project: string, streamId: number, rows: number, timeoutMs = 20_000): Promise<void> {
  const stored = (): number => {
    try {
      const db = openDatabase(project, { readonly: true });
      const n = countTableRows(db, `st_${streamId}`);
      db.close();
      return n;
    } catch {
      return 0; // not created yet
    }
  };
  await waitFor(() => stored() >= rows, { what: `${rows} readings of stream ${streamId}`, everyMs: 50, timeoutMs });
}

/** The Kinesis stream's status, or null once it is gone. */
async function streamStatus(kinesis: KinesisClient, name: string): Promise<string | null> {
  try {
    return (await kinesis.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription?.StreamStatus ?? null;
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return null;
    throw e;
  }
}

const N = 3000;

describe.skipIf(!hasNatsServer())('assay record --nats (JetStream durable pull consumer)', () => {
  let server: NatsServer;

  async function publish(subject: string, payloads: readonly (string | Uint8Array)[]): Promise<void> {
    const nc = await natsConnect({ servers: server.url, user: 'app', pass: 'app-secret' });
    const js = jetstream(nc);
    for (const p of payloads) await js.publish(subject, p);
    await nc.close();
  }

  it('stores N messages once, survives a kill -9 mid-stream with 0 lost / 0 duplicated, keeps malformed ones', async () => {
    server = await startNats({ user: { name: 'app', password: 'app-secret' } });
    stops.push(() => server.stop());
    const nc = await natsConnect({ servers: server.url, user: 'app', pass: 'app-secret' });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'SENSORS', subjects: ['lab.>'] });
    await nc.close();
    await publish('lab.temp', [...Array.from({ length: N / 2 }, (_, i) => payload(i + 1)), 'not json {']);

    const project = path.join(dir, 'nats.assay');
    const args = ['record', project, '--nats', server.url, '--stream', 'SENSORS', '--subject', 'lab.>', '--durable', 'assay', '--username', 'app', '--ack-wait', '1', '--json'];
    const secret = { ASSAY_NATS_PASSWORD: 'app-secret' };
    // First run: killed -9 once some rows are stored, so some are stored but unacknowledged.
    const first = start([...args, '--duration', '60'], secret);
    await waitForRows(project, 1, 500);
    first.kill9();
    await first.done;
    const partial = storedSeqs(project, 1).length;
    expect(partial).toBeGreaterThan(0);
    // Published after the kill, so the restart stores rows of its own whichever way the kill raced the storing.
    await publish('lab.temp', Array.from({ length: N / 2 }, (_, i) => payload(N / 2 + i + 1)));

    // The restart resumes the same stream; redeliveries of stored rows are skipped, the rest stored.
    const out = printed(await run([...args, '--duration', '4'], secret));
    expect(out.streamId).toBe(1);
    expectExactlyOnce(storedSeqs(project, 1), N);
    expect(out.readings + partial).toBe(N);
    expect(out.offsets).toEqual([expect.objectContaining({ topic: 'SENSORS', partition: 'SENSORS' })]);
    expect(out.lag).toEqual([{ partition: 'SENSORS', behind: 0, unit: 'messages' }]);

    // The malformed message is kept with its reason, once; the password is nowhere in the file.
    const db = openDatabase(project, { readonly: true });
    const malformed = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'malformed');
    expect(malformed.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(malformed[0][1] as string)).toMatchObject({ raw: 'not json {', partition: 'SENSORS', offset: String(N / 2 + 1) });
    expect((JSON.parse(malformed[0][1] as string) as { reason: string }).reason).toMatch(/not JSON/);
    db.close();
    expect(fs.readFileSync(project).includes('app-secret')).toBe(false);

    // A replay from stream sequence 2001 (payload 2000: the malformed message took 1501) reads outside the
    // durable into a stream of its own, and leaves the durable where it stood.
    const replayArgs = args.filter((a) => a !== '--ack-wait' && a !== '1');
    const replay = printed(await run([...replayArgs, '--replay-from', '2001', '--duration', '3'], secret));
    expect(replay.streamId).toBe(2);
    expect(storedSeqs(project, 2).sort((a, b) => a - b)).toEqual(Array.from({ length: N - 1999 }, (_, i) => 2000 + i));
    expect(replay.offsets).toEqual([{ topic: 'SENSORS', partition: 'SENSORS', first: '2001', last: String(N + 1), count: N - 1999 }]);

    // A third run finds nothing new: everything was acknowledged, and the replay moved nothing.
    const again = printed(await run([...args, '--duration', '2'], secret));
    expect(again.streamId).toBe(1);
    expect({ readings: again.readings, duplicatesSkipped: again.duplicatesSkipped }).toEqual({ readings: 0, duplicatesSkipped: 0 });
  }, 90_000);

  it('refuses a wrong password, a missing stream and an unreachable server with clear messages', async () => {
    const project = path.join(dir, 'nats-bad.assay');
    const wrong = await run(['record', project, '--nats', server.url, '--stream', 'SENSORS', '--durable', 'x', '--username', 'app', '--duration', '5'], { ASSAY_NATS_PASSWORD: 'nope' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the login for user app/);
    expect(wrong.stderr).not.toContain('nope');
    const missing = await run(['record', project, '--nats', server.url, '--stream', 'NOPE', '--durable', 'x', '--username', 'app', '--duration', '5'], { ASSAY_NATS_PASSWORD: 'app-secret' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/stream "NOPE" does not exist/);
    const port = await freePort();
    const down = await run(['record', project, '--nats', `nats://127.0.0.1:${port}`, '--stream', 'S', '--durable', 'x', '--duration', '2', '--json']);
    expect(down.stderr + down.stdout).toMatch(new RegExp(`cannot reach JetStream stream S on nats://127.0.0.1:${port}`));
    // Each is in the project's stream history too, the password nowhere.
    const db = openDatabase(project, { readonly: true });
    const errors = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'error').map(([, d]) => d as string);
    db.close();
    expect(errors).toEqual([expect.stringMatching(/"state":"failed".*refused the login for user app/), expect.stringMatching(/"state":"failed".*stream \\"NOPE\\" does not exist/), expect.stringMatching(/"state":"reconnecting".*cannot reach JetStream stream S/)]);
    expect(fs.readFileSync(project).includes('nope')).toBe(false);
  }, 60_000);

  it('decodes Avro payloads with the schema given; an undecodable one is kept with its reason', async () => {
    const schema = { type: 'record', name: 'Reading', fields: [{ name: 'seq', type: 'long' }, { name: 'temp', type: 'double' }] };
    const type = avro.Type.forSchema(schema as avro.Schema);
    const nc = await natsConnect({ servers: server.url, user: 'app', pass: 'app-secret' });
    await (await jetstreamManager(nc)).streams.add({ name: 'AVRO', subjects: ['avro.>'] });
    await nc.close();
    await publish('avro.r', [...Array.from({ length: 100 }, (_, i) => new Uint8Array(type.toBuffer({ seq: i + 1, temp: 1.5 * i }))), new Uint8Array([1, 2, 3])]);
    const schemaFile = path.join(dir, 'reading.avsc');
    fs.writeFileSync(schemaFile, JSON.stringify(schema));
    const project = path.join(dir, 'avro.assay');
    const out = printed(await run(['record', project, '--nats', server.url, '--stream', 'AVRO', '--durable', 'a', '--username', 'app', '--avro-schema', schemaFile, '--duration', '3', '--json'], { ASSAY_NATS_PASSWORD: 'app-secret' }));
    expect({ readings: out.readings, malformed: out.malformed }).toEqual({ readings: 100, malformed: 1 });
    expectExactlyOnce(storedSeqs(project, 1), 100);
    const db = openDatabase(project, { readonly: true });
    const reason = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).find(([k]) => k === 'malformed');
    expect((JSON.parse(reason?.[1] as string) as { reason: string }).reason).toMatch(/not an Avro record of the schema/);
    db.close();
  }, 60_000);

  it('a stream deleted while it is read: a clear message naming it, the failure recorded, what was stored kept', async () => {
    const nc = await natsConnect({ servers: server.url, user: 'app', pass: 'app-secret' });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'GOING', subjects: ['going.>'] });
    await publish('going.x', Array.from({ length: 100 }, (_, i) => payload(i + 1)));
    const project = path.join(dir, 'nats-deleted.assay');
    const rec = start(['record', project, '--nats', server.url, '--stream', 'GOING', '--durable', 'd', '--username', 'app', '--duration', '60'], { ASSAY_NATS_PASSWORD: 'app-secret' });
    await waitForRows(project, 1, 100);
    await jsm.streams.delete('GOING');
    await nc.close();
    const res = await rec.done;
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/JetStream stream "GOING" was deleted on nats:\/\/127\.0\.0\.1:\d+ while it was read \(100 readings stored before/);
    expectExactlyOnce(storedSeqs(project, 1), 100);
    const db = openDatabase(project, { readonly: true });
    const errors = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'error');
    db.close();
    expect(errors.map(([, d]) => JSON.parse(d as string) as unknown)).toContainEqual({ state: 'failed', detail: expect.stringMatching(/stream "GOING" was deleted/) });
  }, 60_000);

  it('two pulls share one durable, and one leaves mid-run (a rebalance): every message stored once across both projects, none lost', async () => {
    const nc = await natsConnect({ servers: server.url, user: 'app', pass: 'app-secret' });
    await (await jetstreamManager(nc)).streams.add({ name: 'SHARED', subjects: ['shared.>'] });
    await nc.close();
    const args = (project: string): string[] => ['record', project, '--nats', server.url, '--stream', 'SHARED', '--durable', 'both', '--username', 'app', '--duration', '60', '--json'];
    const secret = { ASSAY_NATS_PASSWORD: 'app-secret' };
    const [projectA, projectB] = [path.join(dir, 'nats-a.assay'), path.join(dir, 'nats-b.assay')];
    const a = start(args(projectA), secret);
    const b = start(args(projectB), secret);
    // Both bound before anything is published, then a trickle: each pull gets its share (a backlog would go whole to the first pull).
    await expect.poll(() => a.stderr() + b.stderr(), { timeout: 30_000 }).toMatch(/consuming[^]*consuming/);
    for (let from = 1; from <= 2000; from += 100) {
      await publish('shared.x', Array.from({ length: 100 }, (_, i) => payload(from + i)));
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitForRows(projectA, 1, 1);
    await waitForRows(projectB, 1, 1);
    // A leaves: what it stored is acknowledged, what it pulled and did not store goes back to the durable (B).
    a.interrupt();
    const outA = printed(await a.done);
    await publish('shared.x', Array.from({ length: 1000 }, (_, i) => payload(2001 + i)));
    await waitForRows(projectB, 1, 3000 - outA.readings, 40_000);
    b.interrupt();
    const outB = printed(await b.done);
    const [seqA, seqB] = [storedSeqs(projectA, 1), storedSeqs(projectB, 1)];
    expect(seqA.length).toBeGreaterThan(0);
    expect(seqA.filter((s) => seqB.includes(s))).toEqual([]);
    expectExactlyOnce([...seqA, ...seqB], 3000);
    expect(outA.readings + outB.readings).toBe(3000);
  }, 90_000);

  it('a member of the durable dies holding messages: they are redelivered after the ack wait, stored once, and recorded as a gap', async () => {
    const nc = await natsConnect({ servers: server.url, user: 'app', pass: 'app-secret' });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'HELD', subjects: ['held.>'] });
    await jsm.consumers.add('HELD', { durable_name: 'pool', ack_policy: AckPolicy.Explicit, ack_wait: 1e9 });
    await publish('held.x', Array.from({ length: 300 }, (_, i) => payload(i + 1)));
    // Another member takes the first 100 and dies without acknowledging them.
    const held = await (await jetstream(nc).consumers.get('HELD', 'pool')).fetch({ max_messages: 100, expires: 2_000 });
    let taken = 0;
    for await (const m of held) if (m.seq > 0) taken++;
    await nc.close();
    expect(taken).toBe(100);
    const project = path.join(dir, 'nats-held.assay');
    const rec = start(['record', project, '--nats', server.url, '--stream', 'HELD', '--durable', 'pool', '--username', 'app', '--ack-wait', '1', '--duration', '60', '--json'], { ASSAY_NATS_PASSWORD: 'app-secret' });
    await waitForRows(project, 1, 300, 30_000);
    rec.interrupt();
    const out = printed(await rec.done);
    expect(out.readings).toBe(300);
    expectExactlyOnce(storedSeqs(project, 1), 300);
    const db = openDatabase(project, { readonly: true });
    const events = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] });
    db.close();
    // The run's stop event is stored too (it was lost when nothing else was left to write at the end).
    expect(events.filter(([k]) => k === 'stop').map(([, d]) => (JSON.parse(d as string) as { readings: number }).readings)).toEqual([300]);
    const gaps = events.filter(([k]) => k === 'gap');
    const reasons = gaps.map(([, d]) => (JSON.parse(d as string) as { reason: string }).reason);
    const counts = reasons.map((r) => /^(\d+) messages of durable pool redelivered: delivered before and not acknowledged within the ack wait/.exec(r)?.[1]);
    // The 100 held ones at least (one of this member's own may come again too, on a slow machine).
    expect(counts.reduce((n, c) => n + Number(c ?? 0), 0)).toBeGreaterThanOrEqual(100);
  }, 60_000);
});
if (!hasNatsServer()) console.warn(`NATS record tests skipped: ${natsServerPath} is missing (apt-get install nats-server)`);

describe.skipIf(!hasRedisServer())('assay record --redis (consumer group, XACK after store, pending recovery)', () => {
  let server: RedisServer;

  it('stores N entries once, survives a kill -9 with 0 lost / 0 duplicated, re-reads its pending entries', async () => {
    server = await startRedis({ password: 'redis-secret' });
    stops.push(() => server.stop());
    const client = createClient({ url: server.url, password: 'redis-secret' });
    client.on('error', () => undefined);
    await client.connect();
    for (let i = 1; i <= N; i++) {
      await client.xAdd('sensors', '*', { data: payload(i) });
      if (i === 10) await client.xAdd('sensors', '*', { data: 'garbage,' });
    }
    const project = path.join(dir, 'redis.assay');
    const args = ['record', project, '--redis', server.url, '--stream', 'sensors', '--group', 'g', '--json'];
    const secret = { ASSAY_REDIS_PASSWORD: 'redis-secret' };
    const first = start([...args, '--duration', '60'], secret);
    await waitForRows(project, 1, 500);
    first.kill9();
    await first.done;
    const partial = storedSeqs(project, 1).length;
    expect(partial).toBeGreaterThan(0);
    const out = printed(await run([...args, '--duration', '3'], secret));
    expectExactlyOnce(storedSeqs(project, 1), N);
    expect(out.readings + partial).toBe(N);
    // Nothing is left pending in the group: every stored entry was acknowledged.
    const pending = (await client.sendCommand(['XPENDING', 'sensors', 'g'])) as unknown[];
    expect(pending[0]).toBe(0);
    expect(out.lag).toEqual([{ partition: 'sensors', behind: 0, unit: 'messages' }]);
    expect(fs.readFileSync(project).includes('redis-secret')).toBe(false);
    // The undecodable entry is kept with its reason and its entry id, and acknowledged like the rest.
    const db = openDatabase(project, { readonly: true });
    const malformed = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'malformed');
    db.close();
    expect(malformed.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(malformed[0][1] as string)).toMatchObject({ raw: 'garbage,', partition: 'sensors', offset: expect.stringMatching(/^\d+-\d+$/), reason: expect.stringMatching(/not JSON/) });

    // A replay from the id of the 2,001st entry (payload 2000: the garbage entry came 11th) reads with
    // XRANGE into a stream of its own: the group's position and pending list stay as they were.
    const groupBefore = await client.sendCommand(['XINFO', 'GROUPS', 'sensors']);
    const ids = (await client.sendCommand(['XRANGE', 'sensors', '-', '+'])) as [string, string[]][];
    const startId = ids[2000][0];
    const replay = printed(await run([...args, '--replay-from', startId, '--duration', '3'], secret));
    expect(replay.streamId).toBe(2);
    expect(storedSeqs(project, 2).sort((a, b) => a - b)).toEqual(Array.from({ length: N - 1999 }, (_, i) => 2000 + i));
    expect(replay.offsets).toEqual([{ topic: 'sensors', partition: 'sensors', first: startId, last: ids[ids.length - 1][0], count: N - 1999 }]);
    expect(await client.sendCommand(['XINFO', 'GROUPS', 'sensors'])).toEqual(groupBefore);

    // A deleted stream while it is read: a clear message, no endless retries.
    const recording = start([...args, '--duration', '30'], secret);
    await client.xAdd('sensors', '*', { data: payload(N + 1) });
    await waitForRows(project, 1, N + 1);
    await client.del('sensors');
    const res = await recording.done;
    await client.close();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Redis stream "sensors" or its group "g" was deleted/);
  }, 90_000);

  it('refuses a wrong password and a missing stream, and names an unreachable server, with clear messages', async () => {
    const project = path.join(dir, 'redis-bad.assay');
    const wrong = await run(['record', project, '--redis', server.url, '--stream', 'sensors', '--group', 'g', '--duration', '5'], { ASSAY_REDIS_PASSWORD: 'nope' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the login/);
    const missing = await run(['record', project, '--redis', server.url, '--stream', 'absent', '--group', 'g', '--duration', '5'], { ASSAY_REDIS_PASSWORD: 'redis-secret' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Redis stream "absent" does not exist/);
    const port = await freePort();
    const down = await run(['record', project, '--redis', `redis://127.0.0.1:${port}`, '--stream', 's', '--group', 'g', '--duration', '2', '--json']);
    expect(down.stderr + down.stdout).toMatch(new RegExp(`cannot reach Redis stream s \\(group g\\) on redis://127.0.0.1:${port}`));
  }, 60_000);

  it('a member of the group dies holding entries mid-run: they are claimed (XAUTOCLAIM), stored once, and the rebalance recorded as a gap', async () => {
    const client = createClient({ url: server.url, password: 'redis-secret' });
    client.on('error', () => undefined);
    await client.connect();
    const add = async (from: number, count: number, extra?: string[]): Promise<void> => {
      const multi = client.multi();
      for (let i = from; i < from + count; i++) multi.xAdd('rb', '*', { data: payload(i) });
      if (extra) multi.addCommand(extra);
      await multi.exec();
    };
    await add(1, 500);
    const project = path.join(dir, 'redis-rebalance.assay');
    const rec = start(['record', project, '--redis', server.url, '--stream', 'rb', '--group', 'g', '--claim-idle', '1', '--duration', '60', '--json'], { ASSAY_REDIS_PASSWORD: 'redis-secret' });
    await waitForRows(project, 1, 500);
    // A second member reads the next 300 in the same transaction that adds them (before the app's blocked read
    // is served), then dies: they stay pending to it, never acknowledged.
    await add(501, 300, ['XREADGROUP', 'GROUP', 'g', 'crashed', 'COUNT', '300', 'STREAMS', 'rb', '>']);
    const held = (await client.sendCommand(['XPENDING', 'rb', 'g'])) as [number, string, string, [string, string][]];
    expect(held[3]).toEqual([['crashed', '300']]);
    await add(801, 200);
    await waitForRows(project, 1, 1000, 30_000);
    rec.interrupt();
    const out = printed(await rec.done);
    expect(out.readings).toBe(1000);
    expectExactlyOnce(storedSeqs(project, 1), 1000);
    // Nothing left pending in the group: the claimed entries were acknowledged after they were stored.
    expect(((await client.sendCommand(['XPENDING', 'rb', 'g'])) as unknown[])[0]).toBe(0);
    await client.close();
    const db = openDatabase(project, { readonly: true });
    const gaps = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'gap');
    db.close();
    expect(gaps.map(([, d]) => (JSON.parse(d as string) as { reason: string }).reason)).toEqual([expect.stringMatching(/claimed 300 entries of group g left pending over 1 s by another consumer/)]);
  }, 60_000);
});
if (!hasRedisServer()) console.warn(`Redis record tests skipped: ${redisServerPath} is missing (apt-get install redis-server)`);

describe('assay record --kinesis (shards, iterators, checkpoints in the project)', () => {
  let server: Kinesalite;

  it('stores N records from 2 shards once and resumes from the project checkpoint after a kill -9', async () => {
    server = await startKinesalite();
    stops.push(() => server.stop());
    const kinesis = new KinesisClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
    await kinesis.send(new CreateStreamCommand({ StreamName: 'sensors', ShardCount: 2 }));
    await waitFor(async () => (await streamStatus(kinesis, 'sensors')) === 'ACTIVE', { what: 'the Kinesis stream to be active' });
    for (let from = 1; from <= N; from += 500) {
      const Records = Array.from({ length: Math.min(500, N - from + 1) }, (_, i) => ({ Data: Buffer.from(payload(from + i)), PartitionKey: String((from + i) % 7) }));
      await kinesis.send(new PutRecordsCommand({ StreamName: 'sensors', Records }));
    }
    const project = path.join(dir, 'kinesis.assay');
    const args = ['record', project, '--kinesis', 'sensors', '--endpoint', server.endpoint, '--json'];
    const first = start([...args, '--duration', '60']);
    await waitForRows(project, 1, 500);
    first.kill9();
    await first.done;
    const partial = storedSeqs(project, 1).length;
    const out = printed(await run([...args, '--duration', '4']));
    expectExactlyOnce(storedSeqs(project, 1), N);
    // Resumed after the checkpoint: nothing stored twice, nothing even redelivered.
    expect(out.readings + partial).toBe(N);
    // Lag is per shard in ms behind the tip; the offsets are what this run stored (a shard done before the kill has none).
    expect(out.lag.map((l) => l.partition).sort()).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    expect(out.lag.every((l) => l.unit === 'ms' && l.behind === 0)).toBe(true);
    expect(out.offsets.reduce((n, o) => n + o.count, 0)).toBe(out.readings);

    // Replays into streams of their own: from a time (AT_TIMESTAMP) only what was put after it; from a
    // sequence number (AT_SEQUENCE_NUMBER) that record on, on its shard.
    // A real gap in time, not a condition: Kinesis keeps arrival times in seconds, and a gap of more than
    // a second each side of the replay time keeps rounding from putting a record on the wrong side.
    await new Promise((r) => setTimeout(r, 1_100));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 1_100));
    await kinesis.send(new PutRecordsCommand({ StreamName: 'sensors', Records: Array.from({ length: 50 }, (_, i) => ({ Data: Buffer.from(payload(N + 1 + i)), PartitionKey: String(i % 7) })) }));
    const byTime = printed(await run([...args, '--replay-from', since, '--duration', '4']));
    expect(byTime.streamId).toBe(2);
    expect(storedSeqs(project, 2).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => N + 1 + i));
    const shard0 = byTime.offsets.find((o) => o.partition === 'shardId-000000000000');
    expect(shard0).toBeDefined();
    const bySeq = printed(await run([...args, '--replay-from', shard0?.first ?? '', '--duration', '4']));
    expect(bySeq.streamId).toBe(3);
    // A sequence number belongs to one shard: that shard from there on (the other shard's AT_SEQUENCE_NUMBER is refused, a clear message).
    expect(storedSeqs(project, 3).length).toBeGreaterThanOrEqual(shard0?.count ?? 1);

    // A deleted stream: a clear message.
    await kinesis.send(new DeleteStreamCommand({ StreamName: 'sensors' }));
    await waitFor(async () => (await streamStatus(kinesis, 'sensors')) === null, { what: 'the Kinesis stream to be gone' });
    const gone = await run([...args, '--duration', '5']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/Kinesis stream "sensors" does not exist/);
    kinesis.destroy();
  }, 90_000);

  it('keeps an undecodable record with its reason and shard; refuses missing credentials; names an unreachable endpoint', async () => {
    const server = await startKinesalite();
    stops.push(() => server.stop());
    const kinesis = new KinesisClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
    await kinesis.send(new CreateStreamCommand({ StreamName: 'bad', ShardCount: 1 }));
    await waitFor(async () => (await streamStatus(kinesis, 'bad')) === 'ACTIVE', { what: 'the Kinesis stream to be active' });
    const texts = [...Array.from({ length: 60 }, (_, i) => payload(i + 1)), 'not json {', payload(61)];
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: 'bad', Records: texts.map((t) => ({ Data: Buffer.from(t), PartitionKey: 'k' })) }));
    kinesis.destroy();
    const project = path.join(dir, 'kinesis-bad.assay');
    const args = ['record', project, '--kinesis', 'bad', '--endpoint', server.endpoint, '--json'];
    const out = printed(await run([...args, '--duration', '4']));
    expect({ readings: out.readings, malformed: out.malformed }).toEqual({ readings: 61, malformed: 1 });
    expectExactlyOnce(storedSeqs(project, 1), 61);
    const db = openDatabase(project, { readonly: true });
    const malformed = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'malformed');
    db.close();
    expect(malformed).toHaveLength(1);
    expect(JSON.parse(malformed[0][1] as string)).toMatchObject({ raw: 'not json {', partition: 'shardId-000000000000', offset: put.Records?.[60]?.SequenceNumber, reason: expect.stringMatching(/not JSON/) });

    // No credentials anywhere (environment, files, instance metadata): a clear message, once, no retrying.
    const noKeys = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
    const refused = await run([...args, '--duration', '10'], noKeys);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Kinesis refused the credentials \(set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE\)/);

    const port = await freePort();
    const down = await run(['record', project, '--kinesis', 'bad', '--endpoint', `http://127.0.0.1:${port}`, '--duration', '2', '--json']);
    expect(down.stderr + down.stdout).toMatch(new RegExp(`cannot reach Kinesis stream bad at http://127.0.0.1:${port}`));
  }, 60_000);
});

/**
 * A broker restarted mid-stream on the same port (its data kept): the CLI says it is reconnecting,
 * and why, then live again; the gap is recorded; every message published before, during and after
 * is stored exactly once.
 */
async function survivesRestart(server: NatsServer | RedisServer, args: string[], publish: (from: number, count: number) => Promise<void>): Promise<void> {
  const project = args[1];
  await publish(1, 1000);
  const rec = start([...args, '--duration', '120']);
  await waitForRows(project, 1, 1000, 30_000);
  await server.restart();
  await publish(1001, 1000);
  await waitForRows(project, 1, 2000, 60_000);
  await expect.poll(() => rec.stderr(), { timeout: 20_000 }).toMatch(/live again/);
  rec.interrupt();
  const out = printed(await rec.done);
  expect(out.readings).toBe(2000);
  expectExactlyOnce(storedSeqs(project, 1), 2000);
  expect(rec.stderr()).toMatch(/assay: reconnecting: connection lost: .+/);
  const db = openDatabase(project, { readonly: true });
  const gaps = tableCells(db, 'stream_events', { columns: ['kind', 'detail'] }).filter(([k]) => k === 'gap');
  db.close();
  expect(gaps.length).toBeGreaterThanOrEqual(1);
  expect((JSON.parse(gaps[0][1] as string) as { reason: string }).reason).toMatch(/connection lost/);
}

describe.skipIf(!hasNatsServer() || !hasRedisServer())('a broker restarted mid-stream', () => {
  it('NATS JetStream: reconnecting with the reason, live again, 0 lost and 0 stored twice', async () => {
    const server = await startNats();
    stops.push(() => server.stop());
    const nc = await natsConnect({ servers: server.url });
    await (await jetstreamManager(nc)).streams.add({ name: 'R', subjects: ['r.>'] });
    await nc.close();
    const publish = async (from: number, count: number): Promise<void> => {
      const c = await natsConnect({ servers: server.url });
      const js = jetstream(c);
      for (let i = 0; i < count; i++) await js.publish('r.x', payload(from + i));
      await c.close();
    };
    await survivesRestart(server, ['record', path.join(dir, 'nats-restart.assay'), '--nats', server.url, '--stream', 'R', '--durable', 'd', '--json'], publish);
  }, 150_000);

  it('Redis Streams: reconnecting with the reason, live again, 0 lost and 0 stored twice', async () => {
    const server = await startRedis({ persistent: true });
    stops.push(() => server.stop());
    const publish = async (from: number, count: number): Promise<void> => {
      const c = createClient({ url: server.url });
      c.on('error', () => undefined);
      await c.connect();
      const multi = c.multi();
      for (let i = 0; i < count; i++) multi.xAdd('r', '*', { data: payload(from + i) });
      await multi.exec();
      await c.close();
    };
    await survivesRestart(server, ['record', path.join(dir, 'redis-restart.assay'), '--redis', server.url, '--stream', 'r', '--group', 'g', '--json'], publish);
  }, 150_000);
});

const kafkaBrokers = process.env['KAFKA_BROKERS'];
describe.skipIf(!kafkaBrokers)('assay record --kafka (KAFKA_BROKERS is not set: no Kafka broker can be installed on these machines)', () => {
  it('stores N messages of a fresh topic once, and a second run of the group stores nothing twice', async () => {
    const { Producer, Admin, stringSerializers } = await import('@platformatic/kafka');
    const brokers = (kafkaBrokers ?? '').split(',');
    const topic = `assay-test-${Date.now()}`;
    const admin = new Admin({ clientId: 'assay-test', bootstrapBrokers: brokers });
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    await admin.close();
    const producer = new Producer({ clientId: 'assay-test', bootstrapBrokers: brokers, serializers: stringSerializers });
    await producer.send({ messages: Array.from({ length: N }, (_, i) => ({ topic, key: String(i % 5), value: payload(i + 1) })) });
    await producer.close();
    const project = path.join(dir, 'kafka.assay');
    const args = ['record', project, '--kafka', kafkaBrokers ?? '', '--topic', topic, '--group', `g-${topic}`, '--from', 'earliest', '--json'];
    const out = printed(await run([...args, '--duration', '10']));
    expect(out.readings).toBe(N);
    expectExactlyOnce(storedSeqs(project, 1), N);
    const again = printed(await run([...args, '--duration', '5']));
    expect(again.readings).toBe(0);
  }, 90_000);
});
