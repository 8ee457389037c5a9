import fs from 'node:fs';
import path from 'node:path';
import { pngBytes, writePixelCsvFolder } from '../native-workers/images/test-images';
import { dropFile, expect, makeProject, shot, test } from './fixtures';

test('images: import a class folder (issues listed), estimate, train, see phase results, classify a dropped image', async ({ page, openApp, tmp }) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const folder = path.join(tmp, 'digits');
  writePixelCsvFolder('/work/shared/data/digits.csv', folder, { labelColumn: 'label', side: 8, max: 16, perClass: 10, classes: ['0', '1', '7'] });
  fs.writeFileSync(path.join(folder, '7', 'broken.png'), pngBytes(new Uint8Array(64 * 4).fill(200), 8, 8).subarray(0, 50));
  await openApp({ project: makeProject(tmp, 'pictures') });
  await page.getByTestId('section-images').click();
  await expect(page.getByTestId('no-image-set')).toBeVisible();

  await page.getByTestId('image-folder').fill(folder);
  await page.getByTestId('image-import').click();
  await expect(page.getByTestId('image-set-title')).toHaveText('digits');
  await expect(page.getByTestId('class-counts')).toContainText('0 10');
  await expect(page.getByTestId('thumb')).toHaveCount(31);
  await expect(page.getByTestId('thumb-issue')).toContainText('Cannot decode this PNG');
  await shot(page, 'images-set');
  await page.getByTestId('issues-chip').click();
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  await page.getByTestId('class-7').click();
  await expect(page.getByTestId('thumb')).toHaveCount(10);

  await page.getByTestId('img-epochs').fill('30');
  await page.getByTestId('img-input-size').selectOption('96');
  await page.getByTestId('img-estimate').click();
  await expect(page.getByTestId('img-estimate-result')).toContainText('MB peak memory', { timeout: 120_000 });
  await expect(page.getByTestId('img-estimate-result')).toContainText('30 image(s) to embed');
  // Train starts only once an estimate for the form as it stands is on screen.
  await expect(page.getByTestId('img-train')).toContainText('Train (≈');
  await shot(page, 'images-estimate');

  await page.getByTestId('img-train').click();
  const run = page.getByTestId('image-run');
  await expect(run).toBeVisible();
  await expect(run).toHaveAttribute('data-status', 'succeeded', { timeout: 300_000 });
  await expect(page.getByTestId('phase-1-accuracy')).toContainText('%');
  await expect(page.locator('[data-testid="confusion-1"].js-plotly-plot')).toBeVisible();
  // Every cell's count is written on the heatmap.
  await expect(page.locator('[data-testid="confusion-1"] .annotation')).toHaveCount(9);
  await expect(page.getByTestId('misclassified-1')).toBeVisible();
  await shot(page, 'images-run');

  // An image dropped on the finished run is classified with its model.
  const png = [...fs.readFileSync(path.join(folder, '1', '3.png'))];
  await dropFile(page, 'one.png', png, 'image/png', undefined, false);
  await expect(page.getByTestId('predictions')).toContainText('one.png');
  await expect(page.getByTestId('prediction-label')).toHaveText(/^(0|1|7)$/);
  await page.getByTestId('predictions').scrollIntoViewIfNeeded();
  await shot(page, 'images-predict');

  // Replay: both phases again on a copy of the project, every number the same.
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay')).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  await expect(page.getByTestId('replay-result')).toContainText(/Replayed: identical/);
  await page.getByTestId('replay').scrollIntoViewIfNeeded();
  await shot(page, 'images-replay');
  expect(problems).toEqual([]);
});
