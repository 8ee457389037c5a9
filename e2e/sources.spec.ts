import path from 'node:path';
import { writeSqliteSource } from '../native-workers/project/inspect';
import { startTestApi } from '../native-workers/ingest/http/test-api';
import { expect, makeProject, shot, test } from './fixtures';

test('sources: a SQLite connection browsed, previewed, imported with a rule and refreshed; an API previewed and pulled with a renamed column', async ({ page, openApp, tmp }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const dbFile = path.join(tmp, 'plant.sqlite');
  const readings = { id: 'INTEGER PRIMARY KEY', sensor: 'TEXT', value: 'REAL' };
  writeSqliteSource(dbFile, 'readings', readings, Array.from({ length: 120 }, (_, k) => ({ sensor: `s${(k + 1) % 4}`, value: (k + 1) / 8 })));
  const api = await startTestApi(130, 50);
  try {
    const file = makeProject(tmp, 'sources');
    await openApp({ project: file });
    await page.getByTestId('section-sources').click();
    await expect(page.getByTestId('sources-screen')).toBeVisible();

    await page.getByTestId('conn-name').fill('plant');
    await page.getByTestId('conn-kind').selectOption('sqlite');
    await page.getByTestId('conn-database').fill(dbFile);
    await page.getByTestId('conn-test').click();
    await expect(page.getByTestId('conn-test-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('conn-test-result')).toContainText('SQLite 3.');
    await page.getByTestId('conn-save').click();
    await expect(page.getByTestId('connection-item')).toHaveText(/plant/);
    await expect(page.getByTestId('table-item')).toContainText('~120 rows');

    await page.getByTestId('table-item').click();
    await page.getByTestId('source-preview-btn').click();
    await expect(page.getByTestId('db-preview').locator('tbody tr')).toHaveCount(50);
    // The file wizard's Rules step, on the preview: values above 14 (rows 113–120) go to quarantine.
    await page.getByTestId('db-steps-rules').click();
    const rules = page.getByTestId('db-steps-slot-rules');
    await rules.getByTestId('rules-add').click();
    const rule = rules.getByTestId('rule-row');
    await rule.getByLabel('rule kind').selectOption('range');
    await rule.getByLabel('column').selectOption('value');
    await rule.getByLabel('max').fill('14');
    await rule.getByLabel('rule name').fill('value at most 14');
    await expect(page.getByTestId('db-steps-rules')).toHaveText('Rules (1)');
    await shot(page, 'sources-db-rules');
    await page.getByTestId('import-watermark').fill('id');
    await page.getByTestId('import-key').fill('id');
    await page.getByTestId('source-import').click();
    await expect(page.getByTestId('table-browser').getByTestId('job')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await expect(page.getByTestId('source-state')).toContainText('watermark 120');
    await shot(page, 'sources-db');

    // New rows at the source: "Refresh now" fetches only those.
    writeSqliteSource(dbFile, 'readings', readings, [{ sensor: 's9', value: 99 }]);
    await page.getByTestId('source-refresh').click();
    await expect(page.getByTestId('source-state')).toContainText('watermark 121', { timeout: 60_000 });

    await page.getByTestId('api-url').fill(`${api.url}/page`);
    await page.getByTestId('api-records').fill('data');
    await page.getByTestId('api-paginate').selectOption('page');
    await page.getByTestId('api-paginate-what').fill('page');
    await page.getByTestId('api-rps').fill('50');
    await page.getByTestId('api-name').fill('api-items');
    await page.getByTestId('api-preview-btn').click();
    await expect(page.getByTestId('api-preview').locator('tbody tr')).toHaveCount(50);
    await expect(page.getByTestId('api-next')).toContainText('page=2');
    // The Schema step renames a nested field's column.
    await page.getByTestId('api-steps-schema').click();
    await page.getByTestId('api-steps-slot-schema').getByLabel('Name of tags.color').fill('color');
    await expect(page.getByTestId('api-steps-schema')).toHaveText('Schema (1)');
    await page.getByTestId('api-pull').click();
    await expect(page.locator('[data-testid="source-state"]', { hasText: 'api-items' })).toBeVisible({ timeout: 60_000 });
    await shot(page, 'sources-api');

    await page.getByTestId('section-datasets').click();
    await page.getByTestId('dataset-item').filter({ hasText: 'readings' }).click();
    await expect(page.getByTestId('dataset-title')).toHaveText('readings');
    // 120 + 1 rows read; 8 + 1 (the refresh's value 99) failed the rule and wait in quarantine.
    await expect(page.getByText('112 rows × 3 columns')).toBeVisible();
    await page.getByTestId('tab-quarantine').click();
    await expect(page.getByTestId('quarantine-total')).toHaveText('9 rows in quarantine');
    await page.getByTestId('tab-rules').click();
    await expect(page.getByTestId('rules-version')).toHaveText('Saved version 1');
    await page.getByTestId('dataset-item').filter({ hasText: 'api-items' }).click();
    await expect(page.getByText('130 rows × 5 columns')).toBeVisible();
    await page.getByTestId('tab-data').click();
    await expect(page.getByTestId('data-grid').getByRole('columnheader', { name: /^color/ })).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await api.close();
  }
});
