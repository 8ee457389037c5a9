import { churnCsv, expect, makeProject, shot, test } from './fixtures';

/**
 * The Training device field (#18): shown for gradient boosting only, its hint naming the adapter or
 * why there is none; a run asked onto the GPU on a machine without a hardware adapter fails with the
 * reason and the way back (device cpu), and the same run on the CPU succeeds.
 */
test('training device: the GPU choice fails with its reason here, the CPU run works', async ({ page, openApp, tmp }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project: makeProject(tmp, 'churn', churnCsv) });
  await page.getByTestId('section-train').click();
  await page.getByTestId('train-target').selectOption('churn');
  await page.getByTestId('train-model').selectOption('gbdt');
  const device = page.getByTestId('train-device');
  await expect(device).toHaveValue('cpu');
  const hint = page.locator('.field', { has: device }).locator('.field-hint');
  await expect(hint).toContainText(/^(GPU: .+|No GPU for training here.*auto trains on the CPU\.)$/);
  await device.selectOption('gpu');
  await page.getByTestId('train-params').fill('n_rounds=5');
  await device.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'gpu-wt-train-device');

  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'failed', { timeout: 120_000 });
  await expect(page.getByTestId('run-error')).toContainText('Gradient boosting on the GPU cannot start');
  await expect(page.getByTestId('run-error')).toContainText('Train with device cpu');
  await shot(page, 'gpu-wt-train-device-failed');

  await page.getByTestId('new-run-button').click();
  await page.getByTestId('train-target').selectOption('churn');
  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train-device').selectOption('cpu');
  await page.getByTestId('train-params').fill('n_rounds=5');
  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded', { timeout: 150_000 });

  // Other learners have no device choice.
  await page.getByTestId('new-run-button').click();
  await page.getByTestId('train-model').selectOption('logreg');
  await expect(page.getByTestId('train-device')).toHaveCount(0);
});
