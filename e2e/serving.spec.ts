import path from 'node:path';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

const row = {
  state: 'KS', account_length: 128, area_code: 'area_code_415', international_plan: 'no', voice_mail_plan: 'yes', number_vmail_messages: 25,
  total_day_minutes: 265.1, total_day_calls: 110, total_day_charge: 45.07, total_eve_minutes: 197.4, total_eve_calls: 99, total_eve_charge: 16.78,
  total_night_minutes: 244.7, total_night_calls: 91, total_night_charge: 11.01, total_intl_minutes: 10, total_intl_calls: 3, total_intl_charge: 2.7,
  number_customer_service_calls: 1,
};

/**
 * Serving from the UI against a real trained and registered churn model: start,
 * traffic from the test to the printed URL shows up in the live figures and plots,
 * an A/B split moves requests to the candidate, Stop ends the server.
 */
test('serve: start from the panel → live stats from real requests → A/B split → stop', async ({ page, openApp, tmp }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const project = makeProject(tmp, 'churn', churnCsv);
  const trained = JSON.parse(assay(path.join(tmp, 'home'), 'train', project, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'tree', '--validation', 'holdout', '--json')) as { runId: number };
  const home = path.join(tmp, 'home');
  assay(home, 'register', project, String(trained.runId), '--name', 'churn');
  assay(home, 'register', project, String(trained.runId), '--name', 'churn');
  await openApp({ project });

  // The Serve tab starts on the newest version; "Serve…" on a version in Models starts on that one.
  await page.getByTestId('section-serve').click();
  await expect(page.getByTestId('serve-model-item')).toHaveCount(2);
  await expect(page.getByTestId('serve-model')).toHaveValue('churn@2');
  await page.getByTestId('section-models').click();
  await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-serve').click();
  await expect(page.getByTestId('serve-start')).toBeVisible();
  await expect(page.getByTestId('serve-model')).toHaveValue('churn@1');
  await shot(page, 'serving-start');
  await page.getByTestId('serve-start-button').click();
  await expect(page.getByTestId('server-panel')).toBeVisible();
  const url = (await page.getByTestId('server-url').textContent()) ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId('serve-curl')).toContainText(`${url}/predict`);

  // Traffic from the test, until told to stop.
  let sending = true;
  const seen: number[] = [];
  const traffic = (async () => {
    while (sending) {
      const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(row) });
      expect(res.status).toBe(200);
      seen.push(((await res.json()) as { version: number }).version);
      await new Promise((r) => setTimeout(r, 15));
    }
  })();

  await expect(page.getByTestId('serve-figure').first()).toBeVisible();
  await expect(page.getByTestId('serve-total').first()).not.toHaveText('0 requests');
  await expect(page.getByTestId('serve-plot-rate').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('serve-plot-latency').locator('.main-svg').first()).toBeVisible();

  // A candidate and a 50 % split: the figures gain v2, and responses come from both versions.
  await page.getByTestId('serve-split-candidate').selectOption('churn@2');
  await expect(page.getByTestId('server-versions')).toContainText('churn@2 (10%)');
  await page.getByTestId('serve-split').fill('50');
  await expect(page.getByTestId('server-versions')).toContainText('churn@1 (50%) + churn@2 (50%)');
  const before = seen.length;
  await expect(page.getByTestId('serve-figure').and(page.locator('[data-version="2"]'))).toBeVisible();
  await expect.poll(() => seen.slice(before).filter((v) => v === 2).length).toBeGreaterThan(3);
  await expect(page.getByTestId('serve-figure').and(page.locator('[data-version="2"]')).getByTestId('serve-total')).not.toHaveText('0 requests');
  await shot(page, 'serving-live');
  sending = false;
  await traffic;

  // A bad row is the client's mistake: 400 with row and column, counted as an error.
  const bad = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ ...row, total_day_calls: 'many' }] }) });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { details: { row: number; column: string }[] }).details[0]).toMatchObject({ row: 0, column: 'total_day_calls' });

  await page.getByTestId('serve-stop-button').click();
  await expect(page.getByTestId('serve-start')).toBeVisible();
  await expect(page.getByTestId('server-panel')).toHaveCount(0);
  await expect(fetch(`${url}/health`)).rejects.toThrow();
  await shot(page, 'serving-stopped');
  expect(problems).toEqual([]);
});
