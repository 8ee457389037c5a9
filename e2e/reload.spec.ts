import { bigCsv } from './data';
import { confirmImport, expect, makeProject, test } from './fixtures';

test('a page reload re-attaches to a running import', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'reload') });
  await page.getByTestId('import-input').setInputFiles(bigCsv());
  await confirmImport(page);
  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job).toHaveAttribute('data-status', 'running');

  await page.reload();
  await expect(job).toHaveAttribute('data-status', 'running');
  await expect(job.getByTestId('job-detail')).toBeVisible();
  await expect(job).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('dataset-item')).toContainText('1,000,000 rows');
});
