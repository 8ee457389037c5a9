import { bigCsv } from './data';
import { confirmImport, expect, makeProject, shot, test } from './fixtures';

test('cancelling a long import shows Cancelled and leaves no dataset', async ({ page, openApp, tmp }) => {
  const csv = bigCsv();
  await openApp({ project: makeProject(tmp, 'cancel') });
  await page.getByTestId('import-input').setInputFiles(csv);
  await confirmImport(page);

  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job).toHaveAttribute('data-status', 'running');
  await expect(job.getByTestId('job-detail')).toBeVisible();
  await shot(page, 'import-running');
  await job.getByTestId('job-cancel').click();

  await expect(job).toHaveAttribute('data-status', 'cancelled');
  await expect(job.getByTestId('job-status')).toHaveText('Cancelled');
  await expect(job.getByTestId('job-error')).toHaveCount(0);
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
  await expect(page.getByTestId('no-datasets')).toBeVisible();
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
  await shot(page, 'import-cancelled');
});
