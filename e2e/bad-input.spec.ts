import { dropFile, expect, makeProject, shot, test } from './fixtures';

test('a binary file fails with a clear message and advice', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'bad') });
  const bytes = Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? 0 : (i * 37) % 256));
  await dropFile(page, 'blob.csv', bytes, 'application/octet-stream');
  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job).toHaveAttribute('data-status', 'failed');
  await expect(job.getByTestId('job-error')).toContainText('binary');
  await expect(job.getByTestId('job-error')).toContainText('CSV');
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
  await shot(page, 'bad-binary');
});

test('an empty file fails with a clear message', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'empty') });
  await dropFile(page, 'empty.csv', '');
  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job).toHaveAttribute('data-status', 'failed');
  await expect(job.getByTestId('job-error')).toContainText('empty');
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
});
