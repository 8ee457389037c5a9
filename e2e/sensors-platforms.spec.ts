import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { hasNatsServer, startNats } from '../native-workers/streams/testing-nats';
import { expect, makeProject, shot, test } from './fixtures';

const status = async (page: import('@playwright/test').Page, key: string): Promise<number> => Number(await page.getByTestId(`status-${key}`).getAttribute('data-value'));

test('a NATS JetStream source: the form, Detect, Start, every message stored once, lag shown', async ({ page, openApp, tmp }) => {
  test.skip(!hasNatsServer(), 'nats-server is not installed');
  await page.setViewportSize({ width: 1024, height: 700 });
  const server = await startNats();
  try {
    const nc = await connect({ servers: server.url });
    await (await jetstreamManager(nc)).streams.add({ name: 'LAB', subjects: ['lab.>'] });
    const js = jetstream(nc);
    for (let seq = 1; seq <= 300; seq++) await js.publish('lab.temp', JSON.stringify({ seq, temp: 21 + Math.sin(seq / 20) }));
    await nc.close();

    await openApp({ project: makeProject(tmp, 'nats') });
    await page.getByTestId('section-sensors').click();
    await page.getByTestId('source-kind-nats').click();
    await expect(page.getByTestId('source-problem')).toHaveText('The server URL looks like nats://host:4222.');
    await page.getByTestId('platform-address').fill(server.url);
    await page.getByTestId('platform-stream').fill('LAB');
    await page.getByTestId('platform-group').fill('ui');
    await shot(page, 'sensors-nats-form');
    await page.getByTestId('detect-button').click();
    await expect(page.getByTestId('detect-field')).toHaveText(['seq', 'temp']);
    await page.getByTestId('start-stream').click();
    await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
    // Detect read without acknowledging: the stream still gets all 300, once each.
    await expect.poll(() => status(page, 'readings'), { timeout: 20_000 }).toBe(300);
    await expect(page.getByTestId('status-lag')).toContainText('LAB: 0');
    await expect(page.getByTestId('status-duplicatesSkipped')).toBeVisible();
    await shot(page, 'sensors-nats-live');

    // The broker restarts (same port, its data kept): the status says reconnecting and why, then live again;
    // what is published meanwhile is stored once. A reconnect quicker than the status poll shows the loss as
    // the last error instead (seen once in a full run: "Last error: connection lost: the consumer stopped delivering").
    await server.restart();
    await expect(page.getByTestId('status-error')).toContainText(/(Reconnecting|Last error): (connection lost|cannot reach JetStream stream LAB on nats:\/\/127.0.0.1:\d+: connection refused)/, { timeout: 20_000 });
    await shot(page, 'sensors-nats-reconnecting');
    const again = await connect({ servers: server.url });
    const js2 = jetstream(again);
    for (let seq = 301; seq <= 400; seq++) await js2.publish('lab.temp', JSON.stringify({ seq, temp: 21 }));
    await again.close();
    await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect.poll(() => status(page, 'readings'), { timeout: 30_000 }).toBe(400);
    expect(await status(page, 'gaps')).toBeGreaterThanOrEqual(1);

    // A replay from stream sequence 351 through the form: a new stream with the last 50, the durable untouched.
    await page.getByTestId('new-stream-button').click();
    await page.getByTestId('source-kind-nats').click();
    await page.getByTestId('platform-address').fill(server.url);
    await page.getByTestId('platform-stream').fill('LAB');
    await page.getByTestId('platform-group').fill('ui');
    await page.getByTestId('platform-from').fill('351');
    await page.getByTestId('platform-replay').check();
    await page.getByTestId('detect-button').click();
    await expect(page.getByTestId('detect-field')).toHaveText(['seq', 'temp']);
    await page.getByTestId('start-stream').click();
    await expect.poll(() => status(page, 'readings'), { timeout: 20_000 }).toBe(50);
    await expect(page.getByTestId('stream-title')).toContainText('LAB replay from 351');
    await shot(page, 'sensors-nats-replay');
  } finally {
    await server.stop();
  }
});
