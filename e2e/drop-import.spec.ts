import fs from 'node:fs';
import { churnCsv, dropFile, expect, makeProject, shot, test } from './fixtures';

test('a dropped CSV is imported, shown in the grid and profiled with plots', async ({ page, openApp, tmp }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await openApp({ project: makeProject(tmp, 'drop') });
  await expect(page.getByTestId('project-name')).toHaveText('drop');
  await dropFile(page, 'mlc_churn.csv', fs.readFileSync(churnCsv, 'utf8'), 'text/csv', () => shot(page, 'drop-overlay'));

  const importJob = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(importJob).toBeVisible();
  await expect(importJob).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('dataset-item')).toContainText('mlc_churn');
  await expect(page.getByTestId('dataset-item')).toContainText('5,000 rows × 20 cols');

  const grid = page.getByTestId('data-grid');
  await expect(grid).toContainText('account_length');
  await expect(grid.locator('[data-row="1"]')).toContainText('KS');
  await shot(page, 'grid');

  // The import starts a profile by itself; its plots render on the Profile tab.
  await page.getByTestId('tab-profile').click();
  await expect(page.getByTestId('profile-view')).toBeVisible();
  await expect(page.getByTestId('column-card')).toHaveCount(20);
  await expect(page.locator('.js-plotly-plot').first()).toBeVisible();
  await expect(page.locator('.js-plotly-plot .bars path').first()).toBeVisible();
  await shot(page, 'profile');
  // Everything, plotly included, runs under the strict CSP without complaint.
  expect(problems).toEqual([]);
});
