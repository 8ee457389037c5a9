import path from 'node:path';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamState } from '../../preload/contract/sensors';
import { backoff, backoffDelay, createMqttSource, displayUrl } from './mqtt-source';
import type { SourceAdapter, SourceEvents, SourceMessage } from './source';
import { hasMosquitto, mosquittoPath, startMosquitto, type Mosquitto } from './testing-mosquitto';
import { freePort } from './testing-process';

const available = hasMosquitto();
if (!available) console.warn(`mqtt-source tests skipped: ${mosquittoPath} is missing (apt-get install mosquitto)`);

interface Recorder extends SourceEvents {
  readonly messages: SourceMessage[];
  readonly states: { state: Exclude<StreamState, 'stopped'>; detail: string | undefined; at: number }[];
  readonly gaps: { from: number; to: number; reason: string }[];
  last(): Exclude<StreamState, 'stopped'> | undefined;
}

function recorder(): Recorder {
  const r: Recorder = {
    messages: [],
    states: [],
    gaps: [],
    onMessage: (m) => r.messages.push(m),
    onState: (state, detail) => r.states.push({ state, detail, at: Date.now() }),
    onGap: (from, to, reason) => r.gaps.push({ from, to, reason }),
    last: () => r.states.at(-1)?.state,
  };
  return r;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes `count` messages from a worker thread, so the publisher does not share the event loop
 * it is measuring. QoS 1 keeps at most 500 awaiting PUBACK, so message ids never wrap onto live ones.
 */
function publishFromWorker(url: string, topic: string, qos: 0 | 1, count: number): Promise<void> {
  const worker = new Worker(path.join(__dirname, 'testing-publisher.mjs'), { workerData: { url, topic, qos, count } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}

describe.skipIf(!available)('MQTT source against a real Mosquitto', () => {
  let broker: Mosquitto;
  let publisher: MqttClient;
  const sources: SourceAdapter[] = [];
  const started = (s: SourceAdapter) => (sources.push(s), s);

  beforeAll(async () => {
    broker = await startMosquitto();
    publisher = await connectAsync(broker.url, { reconnectPeriod: 0 });
  });
  afterAll(async () => {
    for (const s of sources) await s.stop();
    await publisher?.endAsync(true);
    await broker?.stop();
  });

  for (const qos of [0, 1] as const) {
    it(`receives JSON and CSV payloads on a wildcard topic at QoS ${qos}, with topics`, async () => {
      const events = recorder();
      const source = started(createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'lab/+/temp', qos }, { binary: false }));
      await source.start(events);
      expect(events.states.map((s) => s.state)).toEqual(['connecting', 'live']);
      const before = Date.now();
      await publisher.publishAsync('lab/a/temp', '{"t":21.5,"seq":1}', { qos });
      await publisher.publishAsync('lab/b/humidity', '{"h":40}', { qos }); // not matched by the filter
      await publisher.publishAsync('lab/b/temp', '22.25,2', { qos });
      await publisher.publishAsync('lab/b/temp', 'température,3 °C', { qos }); // UTF-8 decoded
      await waitFor('3 messages', () => events.messages.length >= 3);
      await sleep(100); // an absence, not a condition: the unmatched topic must not arrive late either
      expect(events.messages.map((m) => [m.topic, m.text])).toEqual([
        ['lab/a/temp', '{"t":21.5,"seq":1}'],
        ['lab/b/temp', '22.25,2'],
        ['lab/b/temp', 'température,3 °C'],
      ]);
      for (const m of events.messages) {
        expect(m.bytes).toBeUndefined();
        expect(m.arrivedAt).toBeGreaterThanOrEqual(before);
        expect(m.arrivedAt).toBeLessThanOrEqual(Date.now());
      }
      await source.stop();
    });
  }

  it('hands over raw bytes when the stream is binary', async () => {
    const events = recorder();
    const source = started(createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'bin/#' }, { binary: true }));
    await source.start(events);
    const frame = Buffer.from([0xc0, 0x00, 0xff, 0xdb, 0xc0]);
    await publisher.publishAsync('bin/x', frame);
    await waitFor('a frame', () => events.messages.length === 1);
    expect(events.messages[0].text).toBeUndefined();
    expect(Array.from(events.messages[0].bytes ?? [])).toEqual(Array.from(frame));
    expect(events.messages[0].topic).toBe('bin/x');
    await source.stop();
  });

  it('fails at once on an invalid topic filter', async () => {
    const events = recorder();
    const source = started(createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'lab/#/temp' }, { binary: false }));
    await source.start(events);
    expect(events.last()).toBe('failed');
    expect(events.states.at(-1)?.detail).toMatch(/Cannot subscribe to "lab\/#\/temp"/);
  });

  it('stop() ends cleanly: no more messages or states afterwards', async () => {
    const events = recorder();
    const source = started(createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'stop/#', qos: 1 }, { binary: false }));
    await source.start(events);
    await source.stop();
    const states = events.states.length;
    await publisher.publishAsync('stop/x', 'after', { qos: 1 });
    await sleep(300); // an absence: nothing may arrive after stop(), and only time shows that
    expect(events.messages).toEqual([]);
    expect(events.states.length).toBe(states);
  });

});

describe.skipIf(!available)('MQTT source throughput', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    // Mosquitto drops QoS 1 messages beyond 1,000 queued for a slower subscriber; unlimited here so
    // the count checks that nothing is lost on our side (in-flight stays at the default 20).
    broker = await startMosquitto({ conf: ['max_queued_messages 0'] });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('measures messages/s through the adapter against a bare mqtt.js subscriber (printed, not asserted)', async () => {
    const count = 20_000;
    const result: Record<string, number> = {};
    /** Rate over the arrival span (first to last message), for both subscribers alike. */
    const rate = (first: number, last: number) => Math.round((count - 1) / Math.max(1e-3, (last - first) / 1000));
    for (const qos of [0, 1] as const) {
      const events = recorder();
      const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: `bench${qos}/+/data`, qos }, { binary: false });
      await source.start(events);
      await publishFromWorker(broker.url, `bench${qos}/s1/data`, qos, count);
      await waitFor(`${count} messages at QoS ${qos}`, () => events.messages.length >= count, 60_000);
      await source.stop();
      expect(events.messages.length).toBe(count);
      expect(events.messages.map((m) => JSON.parse(m.text ?? '').seq)).toEqual(Array.from({ length: count }, (_, i) => i));
      result[`qos${qos}MsgPerSec`] = rate(events.messages[0].arrivedAt, events.messages[count - 1].arrivedAt);
      // Reference: mqtt.js alone, same broker, same publisher, same run.
      const ref = await connectAsync(broker.url, { reconnectPeriod: 0 });
      let refCount = 0;
      let first = 0;
      let last = 0;
      ref.on('message', () => {
        last = Date.now();
        if (refCount++ === 0) first = last;
      });
      await ref.subscribeAsync(`ref${qos}/+/data`, { qos });
      await publishFromWorker(broker.url, `ref${qos}/s1/data`, qos, count);
      await waitFor(`${count} reference messages at QoS ${qos}`, () => refCount >= count, 60_000);
      await ref.endAsync();
      result[`referenceRawMqttJsQos${qos}MsgPerSec`] = rate(first, last);
    }
    console.log(`mqtt-source throughput, ${count} small JSON messages per QoS, in order, none lost: ${JSON.stringify(result)}`);
  });
});

describe.skipIf(!available)('MQTT source: broker restart', () => {
  it('goes reconnecting then live again, records one gap bracketing the outage, and receives what follows', async () => {
    const broker = await startMosquitto();
    const events = recorder();
    const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'plant/+/temp', qos: 1 }, { binary: false });
    const publish = async (text: string) => {
      const p = await connectAsync(broker.url, { reconnectPeriod: 0 });
      await p.publishAsync('plant/1/temp', text, { qos: 1 });
      await p.endAsync();
    };
    try {
      await source.start(events);
      await publish('{"t":1}');
      await waitFor('first message', () => events.messages.length === 1);
      const beforeRestart = Date.now();
      await broker.restart();
      const afterRestart = Date.now();
      await waitFor('live again', () => events.states.filter((s) => s.state === 'live').length === 2, 60_000);
      const liveAgainAt = events.states.at(-1)?.at ?? 0;
      const states = events.states.map((s) => s.state);
      expect(states[0]).toBe('connecting');
      expect(states[1]).toBe('live');
      expect(states.slice(2, -1).every((s) => s === 'reconnecting')).toBe(true);
      expect(states.at(-1)).toBe('live');
      expect(events.states[2].detail).toMatch(/^broker connection lost: /);
      expect(events.gaps).toHaveLength(1);
      const gap = events.gaps[0];
      expect(gap.from).toBeGreaterThanOrEqual(beforeRestart);
      expect(gap.from).toBeLessThanOrEqual(afterRestart);
      expect(gap.to).toBeGreaterThanOrEqual(afterRestart);
      expect(gap.to).toBeLessThanOrEqual(liveAgainAt);
      expect(gap.reason).toMatch(/^broker connection lost: /);
      await publish('{"t":2}');
      await waitFor('message after recovery', () => events.messages.length === 2);
      expect(events.messages.map((m) => m.text)).toEqual(['{"t":1}', '{"t":2}']);
    } finally {
      await source.stop();
      await broker.stop();
    }
  });
});

describe.skipIf(!available)('MQTT source: logins', () => {
  let broker: Mosquitto;
  const password = 'Corr3ct-Horse!';
  const wrong = 'wr0ng-B4ttery-St4ple';
  beforeAll(async () => {
    broker = await startMosquitto({ users: [{ name: 'sensor', password }, { name: 'other', password: 'x-other-pass' }] });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('goes live with the right password', async () => {
    const events = recorder();
    const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: '#', username: 'sensor', password }, { binary: false });
    await source.start(events);
    expect(events.last()).toBe('live');
    expect(JSON.stringify(events.states)).not.toContain(password);
    await source.stop();
  });

  it('fails quickly, once, on a wrong password, with a clear message that never shows the password', async () => {
    const events = recorder();
    const t0 = Date.now();
    const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'lab/#', username: 'sensor', password: wrong }, { binary: false });
    await source.start(events);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(events.states.map((s) => s.state)).toEqual(['connecting', 'failed']);
    const detail = events.states[1].detail ?? '';
    expect(detail).toMatch(/^The broker refused the login for user sensor: (Not authorized|Bad username or password)$/);
    expect(detail).not.toContain(wrong);
    // No retry loop behind the failure.
    await sleep(backoff.firstMs * 3);
    expect(events.states).toHaveLength(2);
    await source.stop();
  });

  it('says so when no username was given to a broker that needs one', async () => {
    const events = recorder();
    const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'lab/#' }, { binary: false });
    await source.start(events);
    expect(events.last()).toBe('failed');
    expect(events.states.at(-1)?.detail).toMatch(/refused the login for an anonymous client/);
    await source.stop();
  });

  it('never shows a password given inside the URL', async () => {
    const events = recorder();
    const url = broker.url.replace('mqtt://', `mqtt://sensor:${wrong}@`);
    const source = createMqttSource({ kind: 'mqtt', url, topic: 'lab/#' }, { binary: false });
    await source.start(events);
    expect(events.last()).toBe('failed');
    expect(JSON.stringify(events.states)).not.toContain(wrong);
    await source.stop();
  });
});

describe.skipIf(!available)('MQTT source: unreachable broker', () => {
  it('keeps retrying with "cannot reach … ECONNREFUSED" and never shows the password', async () => {
    const port = await freePort(); // nothing listens there
    const events = recorder();
    const secret = 'S3cret-in-the-detail?';
    const source = createMqttSource({ kind: 'mqtt', url: `mqtt://127.0.0.1:${port}`, topic: 'x', username: 'u', password: secret }, { binary: false });
    await source.start(events);
    expect(events.states.map((s) => s.state)).toEqual(['connecting', 'reconnecting']);
    expect(events.states[1].detail).toBe(`cannot reach mqtt://127.0.0.1:${port}: ECONNREFUSED`);
    expect(JSON.stringify(events.states)).not.toContain(secret);
    expect(events.gaps).toEqual([]); // never live: nothing was missed
    await source.stop();
  });

  it('backs off between attempts and stop() during reconnect stops the retries', async () => {
    // A server that accepts and hangs up at once: each connection is one attempt we can count.
    const attempts: number[] = [];
    const server = net.createServer((socket) => (attempts.push(Date.now()), socket.destroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const events = recorder();
    const source = createMqttSource({ kind: 'mqtt', url: `mqtt://127.0.0.1:${port}`, topic: 'x' }, { binary: false });
    try {
      await source.start(events);
      expect(events.last()).toBe('reconnecting');
      await waitFor('4 attempts', () => attempts.length >= 4, 5_000);
      const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
      // 250, 500, 1000 ms nominal, each within the ±25 % jitter (plus scheduling slack).
      expect(gaps[0]).toBeGreaterThanOrEqual(250 * 0.75 - 20);
      expect(gaps[2]).toBeGreaterThan(gaps[0]);
      await source.stop();
      const n = attempts.length;
      const states = events.states.length;
      await sleep(2_500);
      expect(attempts.length).toBe(n);
      expect(events.states.length).toBe(states);
    } finally {
      await source.stop();
      await new Promise((r) => server.close(r));
    }
  });
});

describe.skipIf(!available)('MQTT source: TLS', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto({ tls: true });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('refuses a self-signed certificate by default, once, with a hint', async () => {
    const events = recorder();
    const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'secure/#' }, { binary: false });
    await source.start(events);
    expect(events.states.map((s) => s.state)).toEqual(['connecting', 'failed']);
    expect(events.states[1].detail).toMatch(/^The TLS certificate of mqtts:\/\/127\.0\.0\.1:\d+ was rejected: self[- ]signed certificate.*turn off certificate verification/);
    await source.stop();
  });

  it('goes live over mqtts when verification is turned off', async () => {
    const events = recorder();
    const source = createMqttSource({ kind: 'mqtt', url: broker.url, topic: 'secure/#', qos: 1, rejectUnauthorized: false }, { binary: false });
    await source.start(events);
    expect(events.last()).toBe('live');
    const publisher = await connectAsync(broker.url, { reconnectPeriod: 0, rejectUnauthorized: false });
    await publisher.publishAsync('secure/a', '{"ok":true}', { qos: 1 });
    await publisher.endAsync();
    await waitFor('a message over TLS', () => events.messages.length === 1);
    expect(events.messages[0]).toMatchObject({ topic: 'secure/a', text: '{"ok":true}' });
    await source.stop();
  });
});

describe('MQTT source helpers', () => {
  it('backoff doubles from 250 ms to 5 s with ±25 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, () => 0.5))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoffDelay(1, () => 0)).toBe(188);
    expect(backoffDelay(7, () => 1)).toBe(6250);
  });
  it('shows URLs without credentials', () => {
    expect(displayUrl('mqtt://u:p%40ss@host:1883')).toBe('mqtt://host:1883');
    expect(displayUrl('mqtts://broker.local:8883')).toBe('mqtts://broker.local:8883');
  });
});
