import path from 'node:path';
import { expect, makeProject, shot, test } from './fixtures';

const dailyCsv = path.resolve(__dirname, '..', 'main', 'host', 'train', 'fixtures', 'daily-ridership.csv');

/**
 * A date column in the Train area (#14.18), at the smallest supported window: the feature
 * picker says what the date may become, a real run derives its calendar parts, and the
 * picker and the run view then say which ones it derived.
 */
test('train: a date column becomes calendar features, shown in the picker and the run', async ({ page, openApp, tmp }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await openApp({ project: makeProject(tmp, 'rides', dailyCsv) });

  await page.getByTestId('section-train').click();
  const value = await page.getByTestId('train-dataset').locator('option', { hasText: 'daily-ridership (' }).getAttribute('value');
  await page.getByTestId('train-dataset').selectOption(value ?? '');
  await page.getByTestId('train-target').selectOption('riders');
  const derivation = page.getByTestId('date-derivation');
  await expect(derivation).toHaveCount(1);
  await expect(derivation).toHaveText('date → year, month, day of week, day of year, weekend, where they vary');
  await expect(page.getByTestId('feature-check').and(page.locator('[value="date"]'))).toBeChecked();

  await page.getByTestId('train-model').selectOption('gbdt');
  await page.getByTestId('train-params').fill('n_rounds=60');
  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  await expect(page.getByTestId('derived-features')).toHaveText('date → year, month, day of week, day of year, weekend');
  await expect(page.getByTestId('excluded-columns')).toHaveCount(0);

  // Back in the form: the picker now says what the last run derived.
  await page.getByTestId('new-run-button').click();
  await page.getByTestId('train-dataset').selectOption(value ?? '');
  await page.getByTestId('train-target').selectOption('riders');
  await expect(derivation).toHaveText('date → year, month, day of week, day of year, weekend');
  await page.getByTestId('feature-checklist').scrollIntoViewIfNeeded();
  await shot(page, 'train-date-features');
  // The line wraps inside its cell rather than running past the window.
  const box = await derivation.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(1024);
  expect(problems).toEqual([]);
});
