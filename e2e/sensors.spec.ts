import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { assay, expect, makeProject, shot, test, sharedData } from './fixtures';

const sensorCsv = path.join(sharedData, 'sensor_single_hop.csv');

/** A counter of the status panel, read from its data-value (the shown text is formatted). */
async function status(page: Page, key: string): Promise<number> {
  return Number(await page.getByTestId(`status-${key}`).getAttribute('data-value'));
}

/** Canvas pixels of a plot drawn in a colour (#rrggbb, ±40 per channel): proof that a line or marker is on screen. */
async function ink(plot: Locator, hex: string): Promise<number> {
  return plot.locator('canvas').first().evaluate((c: HTMLCanvasElement, color) => {
    const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let n = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i + 3]! > 200 && want.every((w, k) => Math.abs(px[i + k]! - w) < 40)) n++;
    return n;
  }, hex);
}

/** A live plot's data-* number (what it last drew). */
async function drawnNumber(plot: Locator, key: 'points' | 'markers'): Promise<number> {
  return Number(await plot.getByTestId('live-chart').getAttribute(`data-${key}`));
}

async function startReplay(page: Page, name: string): Promise<void> {
  await page.getByTestId('section-sensors').click();
  await expect(page.getByTestId('new-stream')).toBeVisible();
  await page.getByTestId('source-kind-replay').click();
  await page.getByTestId('replay-path').fill(sensorCsv);
  await page.getByTestId('replay-rate').fill('200');
  await page.getByTestId('detect-button').click();
  await expect(page.getByTestId('detect-field')).toHaveCount(6);
  await page.getByTestId('stream-name').fill(name);
  await page.getByTestId('start-stream').click();
  await expect(page.getByTestId('stream-view')).toBeVisible();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
}

test('a replayed CSV streams live: detect, start, plots, pause, record and export to a dataset', async ({ page, openApp, tmp }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await openApp({ project: makeProject(tmp, 'bench') });

  await page.getByTestId('section-sensors').click();
  await expect(page.getByTestId('no-streams')).toBeVisible();
  await page.getByTestId('serial-baud').selectOption('custom');
  await shot(page, 'sensors-serial');
  await page.getByTestId('source-kind-mqtt').click();
  await page.getByTestId('mqtt-url').fill('mqtts://broker.lab:8883');
  await page.getByTestId('mqtt-topic').fill('lab/+/env');
  await expect(page.getByTestId('mqtt-password')).toHaveAttribute('type', 'password');
  await shot(page, 'sensors-mqtt');
  await page.getByTestId('source-kind-replay').click();
  await page.getByTestId('replay-path').fill(sensorCsv);
  await page.getByTestId('replay-rate').fill('200');
  await page.getByTestId('detect-button').click();
  await expect(page.getByTestId('detect-field')).toHaveCount(6);
  await expect(page.getByTestId('detect-field')).toHaveText(['reading', 'mote_id', 'indoor', 'humidity', 'temperature', 'label']);
  await expect(page.getByTestId('detect-protocol')).toContainText('CSV');
  await expect(page.getByTestId('stream-name')).toHaveValue('sensor_single_hop');
  await shot(page, 'sensors-detect');

  await page.getByTestId('start-stream').click();
  await expect(page.getByTestId('stream-view')).toBeVisible();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('stream-item')).toContainText('sensor_single_hop');
  await expect.poll(() => status(page, 'rateHz')).toBeGreaterThan(0);
  const first = await status(page, 'readings');
  await expect.poll(() => status(page, 'readings')).toBeGreaterThan(first);
  await expect(page.getByTestId('status-dropped')).toHaveText(/dropped\s*0/);

  // One plot per numeric field, drawn with real lines.
  const temperature = page.locator('[data-testid="live-plot"][data-field="temperature"]');
  // Plots out of sight are not redrawn: look at it the way a user would, by scrolling to it.
  await temperature.scrollIntoViewIfNeeded();
  // Drawn on a uPlot canvas (#14.17): points were drawn, and the line's colour is on it.
  await expect(temperature.getByTestId('live-chart').locator('canvas')).toBeVisible();
  await expect.poll(() => drawnNumber(temperature, 'points')).toBeGreaterThan(10);
  await expect.poll(() => ink(temperature, '#4f6bed')).toBeGreaterThan(100);
  await expect(page.getByTestId('live-count')).toHaveText(/[1-9][\d,]* points/);
  await shot(page, 'sensors-live');

  // Pause freezes the picture; readings keep arriving underneath.
  await page.getByTestId('live-pause').click();
  await expect(page.getByTestId('live-view')).toHaveAttribute('data-drawn', 'paused-live');
  const frozen = await page.getByTestId('live-count').textContent();
  const atPause = await status(page, 'readings');
  await expect.poll(() => status(page, 'readings')).toBeGreaterThan(atPause + 200);
  await expect(page.getByTestId('live-count')).toHaveText(frozen ?? '');
  // Scrolling back asks the project for stored readings.
  await page.getByTestId('live-back').click();
  await expect(page.getByTestId('live-view')).toHaveAttribute('data-drawn', 'paused-history');
  await expect(page.getByTestId('live-count')).toContainText('stored');
  await page.getByTestId('live-resume').click();
  await expect(page.getByTestId('live-view')).toHaveAttribute('data-drawn', 'live');

  // Record a labelled moment, then export it as a dataset.
  await page.getByTestId('record-label').fill('idle');
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('recording-indicator')).toContainText('idle');
  const atRecord = await status(page, 'readings');
  await expect.poll(() => status(page, 'readings')).toBeGreaterThan(atRecord + 200);
  await page.getByTestId('record-stop').click();
  await expect(page.getByTestId('record-label')).toBeVisible();
  await page.getByTestId('stream-tab-recordings').click();
  const row = page.getByTestId('recording-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('idle');
  await expect(row).toHaveAttribute('data-running', 'false');
  await row.getByTestId('recording-select').check();
  await page.getByTestId('export-name').fill('idle-session');
  await shot(page, 'sensors-recordings');
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('toast-success')).toContainText('idle-session');

  // Play the recording back as a virtual sensor, ten times faster: a new stream that ends by itself.
  await page.getByTestId('replay-speed').selectOption('10');
  await row.getByTestId('replay-button').click();
  await expect(page.getByTestId('stream-title')).toContainText('idle replay ×10');
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  await expect.poll(() => status(page, 'readings')).toBeGreaterThan(200);
  await page.getByTestId('stream-item').first().click();
  await expect(page.getByTestId('stream-title')).not.toContainText('replay');

  await page.getByTestId('stop-stream').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('restart-stream')).toBeEnabled();

  await page.getByTestId('section-datasets').click();
  await expect(page.getByTestId('dataset-item').filter({ hasText: 'idle-session' })).toBeVisible();
  await page.getByTestId('dataset-item').filter({ hasText: 'idle-session' }).click();
  await expect(page.getByTestId('data-grid')).toContainText('temperature');
  await expect(page.getByTestId('data-grid')).toContainText('idle');
  expect(problems).toEqual([]);
});

test('a pipeline with a rolling mean draws it over its field', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'pipe') });
  await startReplay(page, 'pipe-stream');
  await page.getByTestId('stream-tab-pipeline').click();
  await page.getByTestId('pipe-analytics-add').click();
  const row = page.getByTestId('pipe-analytics').getByTestId('pipe-row');
  await row.getByTestId('row-field').selectOption('temperature');
  await row.getByLabel('std').check();
  await page.getByTestId('pipe-validation-add').click();
  await page.getByTestId('pipe-validation').getByTestId('row-field').selectOption('humidity');
  // The replayed humidity sits around 46 %: a range rule up to 45 flags most readings.
  await page.getByTestId('pipe-validation').getByLabel('max').fill('45');
  await shot(page, 'sensors-pipeline');
  await page.getByTestId('pipeline-apply').click();
  await expect(page.getByTestId('toast-success')).toContainText('Pipeline applied');
  await page.getByTestId('stream-tab-live').click();
  const temperature = page.locator('[data-testid="live-plot"][data-field="temperature"]');
  await temperature.scrollIntoViewIfNeeded();
  await expect(temperature.locator('.legend')).toContainText('mean');
  // The mean is drawn over the field in its own colour.
  await expect.poll(() => ink(temperature, '#2fa58a')).toBeGreaterThan(30);
  // The rolling std has its own axis on the right (#14.12): its scale spans values near zero, not the
  // temperature's, which it would otherwise squash into a flat line.
  await expect(temperature.locator('.legend')).toContainText('std (right axis)');
  await expect.poll(async () => JSON.parse((await temperature.getByTestId('live-chart').getAttribute('data-scales')) ?? '{}')).toHaveProperty('y2');
  const scales = JSON.parse((await temperature.getByTestId('live-chart').getAttribute('data-scales')) ?? '{}') as Record<string, [number, number]>;
  expect(scales['y']![0]).toBeGreaterThan(scales['y2']![1]);
  await expect.poll(() => ink(temperature, '#d69a2d')).toBeGreaterThan(30);
  // Flagged readings are stored and counted, and drawn as red markers with their reason.
  await expect.poll(() => status(page, 'invalid')).toBeGreaterThan(0);
  const humidity = page.locator('[data-testid="live-plot"][data-field="humidity"]');
  await humidity.scrollIntoViewIfNeeded();
  await expect.poll(() => drawnNumber(humidity, 'markers')).toBeGreaterThan(0);
  await expect.poll(() => ink(humidity, '#c5362f')).toBeGreaterThan(20);
  await shot(page, 'sensors-live-mean');
  await page.getByTestId('stop-stream').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'stopped');
  // Started again, the stored stream keeps its pipeline.
  await page.getByTestId('restart-stream').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live');
  await expect(temperature.locator('.legend')).toContainText('mean');
  await page.getByTestId('stop-stream').click();
});

test('a source that cannot be read says why and creates nothing', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'broken') });
  await page.getByTestId('section-sensors').click();
  await page.getByTestId('source-kind-replay').click();
  await page.getByTestId('replay-path').fill(`${tmp}/no-such-file.csv`);
  await page.getByTestId('stream-name').fill('ghost');
  await page.getByTestId('start-stream').click();
  // Without Detect the host detects at start; an unreadable file is refused with its reason.
  await expect(page.getByTestId('toast-error')).toContainText('no-such-file');
  await expect(page.getByTestId('no-streams')).toBeVisible();
  await expect(page.getByTestId('stream-name')).toHaveValue('ghost');
  await shot(page, 'sensors-failed');
});

test('a read-only project shows its streams and recordings but every writing control is disabled', async ({ page, openApp, tmp }) => {
  const project = makeProject(tmp, 'review');
  // A stream with a labelled recording, made headless by the CLI.
  const out = assay(path.join(tmp, 'home'), 'record', project, '--replay', sensorCsv, '--rate', '1000', '--duration', '1', '--label', 'idle', '--name', 'bench', '--json');
  expect(JSON.parse(out)).toMatchObject({ readings: expect.any(Number) });
  await openApp({ project, readOnly: true });
  await page.getByTestId('section-sensors').click();
  await expect(page.getByTestId('stream-item')).toContainText('bench');
  await page.getByTestId('stream-item').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('restart-stream')).toBeDisabled();
  await expect(page.getByTestId('record-label')).toBeDisabled();
  await expect(page.getByTestId('record-start')).toBeDisabled();
  // Stored history is browsable without a live source (#14.6): counters and plots of the stored readings.
  const stored = page.getByTestId('stored-view');
  await expect(stored).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('stored-readings').getAttribute('data-value'))).toBeGreaterThan(100);
  await expect(page.getByTestId('stored-span')).toContainText('s)');
  await expect(page.getByTestId('stored-invalid')).toHaveAttribute('data-value', '0');
  const temperature = page.locator('[data-testid="stored-plot"][data-field="temperature"]');
  await temperature.scrollIntoViewIfNeeded();
  await expect.poll(() => drawnNumber(temperature, 'points')).toBeGreaterThan(10);
  await expect.poll(() => ink(temperature, '#4f6bed')).toBeGreaterThan(100);
  await shot(page, 'sensors-stored');
  // Dragging across a plot zooms into that range: the host answers for the picked range only.
  const whole = Number(await stored.getAttribute('data-to')) - Number(await stored.getAttribute('data-from'));
  const box = (await temperature.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('stored-whole')).toBeVisible();
  await expect.poll(async () => Number(await stored.getAttribute('data-to')) - Number(await stored.getAttribute('data-from'))).toBeLessThan(whole * 0.5);
  await shot(page, 'sensors-stored-zoom');

  await page.getByTestId('stream-tab-pipeline').click();
  await expect(page.getByTestId('pipe-analytics-add')).toBeDisabled();
  await expect(page.getByTestId('pipeline-apply')).toBeDisabled();
  await expect(page.getByTestId('pipeline-editor')).toContainText('Read-only project');

  await page.getByTestId('stream-tab-recordings').click();
  await expect(page.getByTestId('recording-row')).toContainText('idle');
  await expect(page.getByTestId('export-name')).toBeDisabled();
  await expect(page.getByTestId('export-button')).toBeDisabled();
  // A disabled Replay says why, and where the readings can be seen instead.
  await expect(page.getByTestId('replay-button')).toBeDisabled();
  await expect(page.getByTestId('replay-button')).toHaveAttribute('title', /Read-only project: replay would write a new stream/);
  await expect(page.getByTestId('export-hint')).toContainText('Live tab shows the stored readings');
  await shot(page, 'sensors-read-only');

  // Looking at a new source is harmless; starting one is not.
  await page.getByTestId('new-stream-button').click();
  await page.getByTestId('source-kind-replay').click();
  await page.getByTestId('replay-path').fill(sensorCsv);
  await expect(page.getByTestId('detect-button')).toBeEnabled();
  await expect(page.getByTestId('start-stream')).toBeDisabled();
  await expect(page.getByTestId('start-stream')).toHaveAttribute('title', /Read-only/);
});
