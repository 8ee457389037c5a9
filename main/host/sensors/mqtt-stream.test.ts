import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../preload/contract/sensors';
import { hasMosquitto, startMosquitto, type Mosquitto } from '../../../native-workers/streams/testing-mosquitto';
import { distDir } from '../paths';
import { Host } from '../host';
import { tempDir, waitFor } from '../testing';
import { columnStats, tableCells } from '../../../native-workers/project/inspect';

const dir = tempDir('assay-mqtt-stream-');
const have = hasMosquitto();
if (!have) console.warn('MQTT stream tests: mosquitto is not installed, so they are skipped (apt-get install mosquitto)');
const brokers: Mosquitto[] = [];
const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
afterAll(async () => {
  await host.close();
  await Promise.all(brokers.map((b) => b.stop()));
});

async function publishAll(url: string, topic: string, payloads: string[], qos: 0 | 1): Promise<void> {
  const client = await mqtt.connectAsync(url, { username: 'pub', password: 'pub-pw' });
  for (const p of payloads) await client.publishAsync(topic, p, { qos });
  await client.endAsync();
}

describe('MQTT stream through the host', () => {
  (have ? it : it.skip)('stores JSON payloads from a password-protected broker; the password never reaches the file', async () => {
    const broker = await startMosquitto({ users: [{ name: 'sensor', password: 'broker-secret' }, { name: 'pub', password: 'pub-pw' }] });
    brokers.push(broker);
    const file = path.join(dir, 'mqtt.assay');
    host.newProject(file);
    const statuses: StreamStatus[] = [];
    host.push.subscribe((channel, payload) => {
      if (channel === 'stream:status') statuses.push(payload as StreamStatus);
    });
    const { streamId } = (await host.dispatch('stream:start', {
      name: 'lab',
      source: { kind: 'mqtt', url: broker.url, topic: 'lab/+/temp', qos: 1, username: 'sensor', password: 'broker-secret' },
      protocol: { kind: 'json' },
      fields: [{ name: 'seq' }, { name: 'temp' }],
    })) as { streamId: number };
    await waitFor(() => statuses.at(-1)?.state === 'live', { what: 'the stream to be live' });
    const payloads = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ seq: i + 1, temp: 20 + (i % 10) / 10 }));
    await publishAll(broker.url, 'lab/bench1/temp', [...payloads.slice(0, 1000), 'not json', ...payloads.slice(1000)], 1);
    await waitFor(() => (statuses.at(-1)?.readings ?? 0) >= 2000, { what: '2000 readings stored' });
    await host.dispatch('stream:stop', { streamId });
    expect(statuses.at(-1)).toMatchObject({ readings: 2000, malformed: 1, dropped: 0, state: 'stopped' });
    const db = host.currentProject?.db;
    expect(columnStats(db!, `st_${streamId}`, 'f0').distinct).toBe(2000);
    const texts = [['streams', 'source'], ['runs', 'spec'], ['stream_events', 'detail']].flatMap(([t, c]) => tableCells(db!, t!, { columns: [c!] }).map(([v]) => v as string));
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toContain('broker-secret');

    // The CLI takes the password from the environment only.
    const cli = path.join(distDir(), 'cli', 'assay.js');
    const env = { ...process.env, ASSAY_HOME: path.join(dir, 'home'), ASSAY_MQTT_PASSWORD: 'broker-secret' };
    const project = path.join(dir, 'cli-mqtt.assay');
    const publisher = setInterval(() => void publishAll(broker.url, 'lab/x/temp', payloads.slice(0, 100), 0).catch(() => undefined), 100);
    // Spawned, not spawnSync: the publisher runs in this process's event loop.
    const child = spawn(process.execPath, [cli, 'record', project, '--mqtt', broker.url, '--topic', 'lab/#', '--username', 'sensor', '--duration', '2', '--json'], { env });
    const res = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (res.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (res.stderr += d.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    clearInterval(publisher);
    // Once subscribed it says so, with the broker but without the password.
    expect(res.stderr).toBe(`assay: subscribed to lab/# on ${broker.url}\n`);
    const printed = JSON.parse(res.stdout) as { readings: number; malformed: number };
    expect(printed.readings).toBeGreaterThan(100);
    expect(printed.malformed).toBe(0);

    // A refused login: one clear line naming the user, exit 1, and never the password.
    const refused = spawnSync(process.execPath, [cli, 'record', project, '--mqtt', broker.url, '--topic', 'lab/#', '--username', 'sensor', '--duration', '5', '--json'], {
      env: { ...env, ASSAY_MQTT_PASSWORD: 'wrong-secret' },
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/refused the login for user sensor/);
    expect(refused.stderr).not.toContain('wrong-secret');
  });
});
