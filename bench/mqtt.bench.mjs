// MQTT messages/s recorded through the whole app path (`assay record --mqtt`: host + stream worker +
// MQTT source + pipeline + SQLite) from a private Mosquitto, at QoS 0 and QoS 1, against a bare mqtt.js
// subscriber counting the same burst in the same run. The publisher runs in a worker thread so it does
// not share an event loop with the reference subscriber.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { connectAsync } from 'mqtt';
import { cli, root, round, stop, tempHome } from './lib.mjs';

const messages = Number(process.env.MQTT_BENCH_MESSAGES ?? 100_000);
const mosquittoPath = '/usr/sbin/mosquitto';

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

async function startMosquitto() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-mosquitto-'));
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  // Unlimited queue: Mosquitto otherwise drops QoS 1 messages beyond 1,000 queued for a slower subscriber,
  // which would measure the broker's policy rather than our throughput. sys_interval 1: $SYS says when the recorder subscribed.
  fs.writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_type error', 'log_type warning', 'max_queued_messages 0', 'sys_interval 1', ''].join('\n'));
  const child = spawn(mosquittoPath, ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => child.kill('SIGKILL'));
  for (let i = 0; i < 400; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return { url: `mqtt://127.0.0.1:${port}`, child, dir };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('mosquitto did not start');
}

/** Publishes `count` small JSON messages from a worker thread; QoS 1 keeps at most 500 awaiting PUBACK. */
function publish(url, topic, qos, count) {
  const worker = new Worker(path.join(root, 'native-workers', 'streams', 'testing-publisher.mjs'), { workerData: { url, topic, qos, count } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}

/** The reference: mqtt.js alone, counting messages; rate over the arrival span, as a recorder's rate is. */
async function rawMqttJs(url, qos) {
  const sub = await connectAsync(url, { reconnectPeriod: 0 });
  let n = 0;
  let first = 0;
  let last = 0;
  sub.on('message', () => {
    const now = performance.now();
    if (n++ === 0) first = now;
    last = now;
  });
  await sub.subscribeAsync(`ref/${qos}/+`, { qos });
  const t0 = performance.now();
  await publish(url, `ref/${qos}/s1`, qos, messages);
  while (n < messages && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 20));
  await sub.endAsync();
  return { received: n, seconds: (performance.now() - t0) / 1000, msgPerSec: n / Math.max(1e-3, (last - first) / 1000) };
}

/** Resolves when the broker's $SYS subscription count exceeds `above` (the recorder has subscribed). */
async function waitForSubscription(url, above, timeoutMs) {
  const watcher = await connectAsync(url, { reconnectPeriod: 0 });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the recorder never subscribed')), timeoutMs);
      watcher.on('message', (_t, payload) => {
        if (Number(payload.toString()) > above) {
          clearTimeout(timer);
          resolve();
        }
      });
      watcher.subscribe('$SYS/broker/subscriptions/count');
    });
  } finally {
    await watcher.endAsync();
  }
}

async function assayRecord(url, qos, durationSeconds) {
  const home = tempHome();
  const project = path.join(home, `mqtt-qos${qos}.assay`);
  const env = { ...process.env, ASSAY_HOME: home };
  const run = (args, onSpawn) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      onSpawn?.(child);
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`assay ${args[0]} exited ${code}: ${err.trim().replace(/\s+/g, ' ').slice(0, 300)}`))));
    });
  let recorder = null;
  try {
    await run(['new', project]);
    // The watcher's own subscription counts too; hence "above 1" with nothing else subscribed.
    const subscribed = waitForSubscription(url, 1, 30_000);
    const recording = run(['record', project, '--mqtt', url, '--topic', `app/${qos}/+`, '--qos', String(qos), '--duration', String(durationSeconds), '--label', 'bench', '--json'], (c) => (recorder = c));
    await Promise.race([subscribed, recording]);
    await publish(url, `app/${qos}/s1`, qos, messages);
    const summary = JSON.parse((await recording).trim().split('\n').at(-1));
    return { readings: summary.readings, rateHz: summary.rateHz, dropped: summary.dropped, gaps: summary.gaps };
  } finally {
    if (recorder) await stop(recorder);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (!fs.existsSync(mosquittoPath)) {
  console.log(JSON.stringify({ bench: 'mqtt', skipped: `${mosquittoPath} is missing (apt-get install mosquitto)` }));
  process.exit(0);
}
const broker = await startMosquitto();
const result = { bench: 'mqtt', messages };
let failed = null;
try {
  for (const qos of [0, 1]) {
    const ref = await rawMqttJs(broker.url, qos);
    result[`referenceRawMqttJsQos${qos}MsgPerSec`] = Math.round(ref.msgPerSec);
    if (failed) continue;
    try {
      // Generous: the recorder must outlast the burst even if it is several times slower than mqtt.js alone.
      const app = await assayRecord(broker.url, qos, Math.ceil(5 + 4 * ref.seconds));
      result[`qos${qos}MsgPerSec`] = Math.round(app.rateHz);
      result[`qos${qos}Readings`] = app.readings;
      result[`qos${qos}Dropped`] = app.dropped;
      result[`ratioQos${qos}ToRaw`] = round(app.rateHz / ref.msgPerSec, 3);
    } catch (err) {
      failed = err instanceof Error ? err.message : String(err);
    }
  }
} finally {
  broker.child.kill('SIGTERM');
  fs.rmSync(broker.dir, { recursive: true, force: true });
}
if (failed) result.error = `assay record --mqtt: ${failed}`;
console.log(JSON.stringify(result));
process.exit(failed ? 1 : 0);
