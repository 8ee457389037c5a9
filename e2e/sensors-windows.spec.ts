// #19.3: a window added in the Sensors UI runs in the live stream; its latest results show in a table.
import { expect, makeProject, shot, test } from './fixtures';
import fs from 'node:fs';
import path from 'node:path';

const sensorCsv = '/work/shared/data/sensor_single_hop.csv';

test('a tumbling window by mote is added from the Windows tab and its results appear live, at 1024×700', async ({ page, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await openApp({ project: makeProject(tmp, 'windows') });
  await page.getByTestId('section-sensors').click();
  await page.getByTestId('source-kind-replay').click();
  await page.getByTestId('replay-path').fill(sensorCsv);
  await page.getByTestId('replay-rate').fill('200');
  await page.getByTestId('detect-button').click();
  await expect(page.getByTestId('detect-field')).toHaveCount(6);
  await page.getByTestId('stream-name').fill('motes');
  await page.getByTestId('start-stream').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live');

  await page.getByTestId('stream-tab-windows').click();
  await expect(page.getByTestId('window-rows-empty')).toHaveText('No windows yet.');
  await page.getByTestId('window-name').fill('per 2 s');
  await page.getByTestId('window-size').fill('0');
  await expect(page.getByTestId('window-problem')).toHaveText('The size must be a positive number of seconds.');
  await expect(page.getByTestId('window-add')).toBeDisabled();
  await page.getByTestId('window-size').fill('2');
  await page.getByTestId('window-key').selectOption('mote_id');
  await page.getByTestId('window-of-field').selectOption('temperature');
  await page.getByTestId('window-add').click();
  await expect(page.getByTestId('toast-success')).toContainText('Pipeline applied');
  await expect(page.getByTestId('window-list')).toContainText('tumbling 2 s by mote_id: count, mean_temperature, max_temperature, p95_temperature');

  // Arrival-time windows of 2 s close as readings keep coming: rows appear with their aggregates.
  const rows = page.getByTestId('window-row');
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(rows.first()).toContainText('mean_temperature');
  const events = Number(await rows.first().locator('td.num').textContent());
  expect(events).toBeGreaterThan(0);
  // The panel fits the window: nothing spills sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await shot(page, 'sensors-windows');
  await page.getByTestId('window-rows').scrollIntoViewIfNeeded();
  await shot(page, 'sensors-windows-table');

  await page.getByTestId('stop-stream').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'stopped');
  // The results are a dataset of the project.
  await page.getByTestId('section-datasets').click();
  await expect(page.getByText('motes · per 2 s').first()).toBeVisible();
  expect(problems).toEqual([]);
});

test('a window joined with a stored dataset groups by a column only the dataset holds (#19.3 enrichment)', async ({ page, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const lookup = path.join(tmp, 'motes.csv');
  // Motes 1 and 2 in the north, 3 and 4 in the south: the stream itself names no region.
  fs.writeFileSync(lookup, 'mote,region\n1,north\n2,north\n3,south\n4,south\n');
  await openApp({ project: makeProject(tmp, 'enrich', lookup) });
  await page.getByTestId('section-sensors').click();
  await page.getByTestId('source-kind-replay').click();
  await page.getByTestId('replay-path').fill(sensorCsv);
  await page.getByTestId('replay-rate').fill('200');
  await page.getByTestId('detect-button').click();
  await expect(page.getByTestId('detect-field')).toHaveCount(6);
  await page.getByTestId('start-stream').click();
  await expect(page.getByTestId('stream-title').getByTestId('stream-state')).toHaveAttribute('data-state', 'live');

  await page.getByTestId('stream-tab-windows').click();
  await page.getByTestId('window-name').fill('regions');
  await page.getByTestId('window-size').fill('2');
  await page.getByTestId('window-enrich-dataset').selectOption({ label: 'motes' });
  await page.getByTestId('window-on-field').selectOption('mote_id');
  await expect(page.getByTestId('window-problem')).toHaveText('Enrichment: pick the event field and the dataset column it matches.');
  await page.getByTestId('window-matches-column').selectOption('mote');
  await page.getByTestId('window-key').selectOption('region');
  await page.getByTestId('window-of-field').selectOption('temperature');
  await page.getByTestId('window-add').click();
  await expect(page.getByTestId('toast-success')).toContainText('Pipeline applied');
  await expect(page.getByTestId('window-list')).toContainText('by region, joined with “motes” on mote_id = mote');
  // Every row's key is a region from the dataset.
  const rows = page.getByTestId('window-row');
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const text = await rows.first().textContent();
  expect(text).toMatch(/north|south/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  await shot(page, 'sensors-windows-enrich');
  await page.getByTestId('stop-stream').click();
});
