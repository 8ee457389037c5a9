import { dropFile, expect, makeProject, shot, test } from './fixtures';

test('a binary file fails with a clear message and advice', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'bad') });
  const bytes = Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? 0 : (i * 37) % 256));
  // The wizard's preview already fails (#14.10): it says why there and will not start an import.
  await dropFile(page, 'blob.csv', bytes, 'application/octet-stream', undefined, false);
  const error = page.getByTestId('wizard-preview-error');
  await expect(error).toContainText('binary');
  await expect(error).toContainText('CSV');
  await expect(page.getByTestId('wizard-import')).toBeDisabled();
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
  await shot(page, 'bad-binary');
});

test('an empty file fails with a clear message', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'empty') });
  await dropFile(page, 'empty.csv', '', 'text/csv', undefined, false);
  await expect(page.getByTestId('wizard-preview-error')).toContainText('empty');
  await expect(page.getByTestId('wizard-import')).toBeDisabled();
  await expect(page.getByTestId('dataset-item')).toHaveCount(0);
});
