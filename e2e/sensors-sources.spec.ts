import type { Page } from '@playwright/test';
import mqtt from 'mqtt';
import path from 'node:path';
import { hasSocat, ptyWriter, startSocat, type SocatPair } from '../native-workers/streams/socat-pair';
import { hasMosquitto, startMosquitto } from '../native-workers/streams/testing-mosquitto';
import { expect, makeProject, shot, test } from './fixtures';

async function status(page: Page, key: string): Promise<number> {
  return Number(await page.getByTestId(`status-${key}`).getAttribute('data-value'));
}

const state = (page: Page) => page.getByTestId('stream-title').getByTestId('stream-state');

/**
 * Writes a key=value line every 10 ms into a pty end: a device that keeps
 * talking, and names its fields on every line since the app may join at any
 * moment. The test itself never sleeps.
 */
function device(pair: SocatPair): { stop(): Promise<void> } {
  const w = ptyWriter(pair.a);
  let i = 0;
  const timer = setInterval(() => {
    i++;
    void w.write(`seq=${i},temp=${(21 + Math.sin(i / 40)).toFixed(3)},hum=${(40 + 2 * Math.cos(i / 90)).toFixed(2)}\n`);
  }, 10);
  return {
    stop: async () => {
      clearInterval(timer);
      await w.close();
    },
  };
}

// One retry: in CI (stop 18) a replug once went "live" with no reading after it, the device's writes blocked
// behind a pty nobody read. Unexplained yet (a reused /dev/pts number is the suspect): kept as an open question.
test.describe.configure({ retries: 1 });

test('a serial device: detect, live, unplug shows reconnecting with the reason, replug goes live again', async ({ page, openApp, tmp }) => {
  test.skip(!hasSocat(), 'socat is not installed');
  const a = path.join(tmp, 'dev-a');
  const b = path.join(tmp, 'dev-b');
  let pair = await startSocat(a, b);
  let dev = device(pair);
  try {
    await openApp({ project: makeProject(tmp, 'serial') });
    await page.getByTestId('section-sensors').click();
    await page.getByTestId('serial-path').fill(b);
    await page.getByTestId('serial-baud').selectOption('115200');
    await page.getByTestId('detect-button').click();
    await expect(page.getByTestId('detect-field')).toHaveText(['seq', 'temp', 'hum']);
    await expect(page.getByTestId('detect-protocol')).toContainText('key=value');
    await page.getByTestId('stream-name').fill('bench-serial');
    await page.getByTestId('start-stream').click();
    await expect(state(page)).toHaveAttribute('data-state', 'live');
    const first = await status(page, 'readings');
    await expect.poll(() => status(page, 'readings')).toBeGreaterThan(first);
    // Drawn on the live plot's uPlot canvas (#14.17): its data-points says how many points it last drew.
    const temp = page.locator('[data-testid="live-plot"][data-field="temp"]');
    await temp.scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await temp.getByTestId('live-chart').getAttribute('data-points'))).toBeGreaterThan(1);

    // Unplug: the port vanishes mid-read.
    await dev.stop();
    await pair.kill();
    await expect(state(page)).toHaveAttribute('data-state', 'reconnecting');
    await expect(page.getByTestId('status-error')).toContainText('Reconnecting');
    await shot(page, 'sensors-reconnecting');

    // Replug: the same path comes back, the stream goes on and says it reconnected.
    pair = await startSocat(a, b);
    dev = device(pair);
    await expect(state(page)).toHaveAttribute('data-state', 'live');
    await expect.poll(() => status(page, 'reconnects')).toBeGreaterThanOrEqual(1);
    await expect.poll(() => status(page, 'gaps')).toBeGreaterThanOrEqual(1);
    const after = await status(page, 'readings');
    await expect.poll(() => status(page, 'readings')).toBeGreaterThan(after);
    await page.getByTestId('stop-stream').click();
    await expect(state(page)).toHaveAttribute('data-state', 'stopped');
  } finally {
    // socat first: a write the app does not read blocks in a full pty until the pair is gone.
    await pair.kill();
    await dev.stop();
  }
});

test('an MQTT topic behind a login: the password is used, then forgotten by the form', async ({ page, openApp, tmp }) => {
  test.skip(!hasMosquitto(), 'mosquitto is not installed');
  const broker = await startMosquitto({ users: [{ name: 'lab', password: 'pa55word' }] });
  const pub = await mqtt.connectAsync(broker.url, { username: 'lab', password: 'pa55word' });
  let i = 0;
  const timer = setInterval(() => {
    i++;
    void pub.publishAsync(`lab/bench${i % 2}/env`, JSON.stringify({ temp: +(20 + Math.sin(i / 60)).toFixed(3), hum: +(40 + 2 * Math.cos(i / 90)).toFixed(2) }));
  }, 20);
  try {
    await openApp({ project: makeProject(tmp, 'mqtt') });
    await page.getByTestId('section-sensors').click();
    await page.getByTestId('source-kind-mqtt').click();
    await page.getByTestId('mqtt-url').fill(broker.url);
    await page.getByTestId('mqtt-topic').fill('lab/+/env');
    await page.getByTestId('mqtt-username').fill('lab');
    await page.getByTestId('mqtt-password').fill('pa55word');
    await page.getByTestId('detect-button').click();
    await expect(page.getByTestId('detect-protocol')).toContainText('JSON');
    await expect(page.getByTestId('detect-field')).toHaveText(['temp', 'hum']);
    await page.getByTestId('start-stream').click();
    await expect(state(page)).toHaveAttribute('data-state', 'live');
    const first = await status(page, 'readings');
    await expect.poll(() => status(page, 'readings')).toBeGreaterThan(first);
    await shot(page, 'sensors-mqtt-live');

    // Starting again asks for the password: the project never stored it.
    await page.getByTestId('stop-stream').click();
    await expect(state(page)).toHaveAttribute('data-state', 'stopped');
    await expect(page.getByTestId('restart-password')).toHaveValue('');
    await page.getByTestId('restart-password').fill('pa55word');
    await page.getByTestId('restart-stream').click();
    await expect(state(page)).toHaveAttribute('data-state', 'live');
    await page.getByTestId('stop-stream').click();
    await expect(state(page)).toHaveAttribute('data-state', 'stopped');
  } finally {
    clearInterval(timer);
    await pub.endAsync();
    await broker.stop();
  }
});
