import { millionRowProject } from './data';
import { expect, shot, test } from './fixtures';

test('the grid scrolls a 1,000,000-row dataset to its last row', async ({ page, openApp, tmp }) => {
  test.setTimeout(180_000);
  await openApp({ project: millionRowProject(tmp) });
  await expect(page.getByTestId('dataset-item')).toContainText('1,000,000 rows × 5 cols');
  const grid = page.getByTestId('data-grid');
  await expect(grid.locator('[data-row="1"]')).toContainText('beta');
  // Only the visible window is in the DOM.
  expect(await grid.getByTestId('grid-row').count()).toBeLessThan(80);

  await grid.focus();
  await page.keyboard.press('End');
  const last = grid.locator('[data-row="1000000"]');
  await expect(last).toBeVisible();
  await expect(last.getByTestId('row-number')).toHaveText('1,000,000');
  // The cells hold the real last row (id = 1000000), fetched from the host.
  await expect(last).toContainText('1000000');
  await expect(last).toBeInViewport();
  await shot(page, 'grid-million-end');

  await page.keyboard.press('Home');
  await expect(grid.locator('[data-row="1"]')).toBeInViewport();
  await page.keyboard.press('PageDown');
  await expect(grid.locator('[data-row="1"]')).toHaveCount(0);
});
