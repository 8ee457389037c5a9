import fs from 'node:fs';
import path from 'node:path';
import { pngBytes, writePixelCsvFolder } from '../native-workers/images/test-images';
import type { ImageRunSummary } from '../preload/contract/images';
import { tableRows } from '../native-workers/project/inspect';
import { openDatabase } from '../native-workers/project/open';
import { dropFile, expect, makeProject, shot, test, sharedData } from './fixtures';

test('images: import a class folder (issues listed), settings checked, estimate, train with live curves, see phase results, classify a dropped image', async ({ page, openApp, tmp }) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const folder = path.join(tmp, 'digits');
  writePixelCsvFolder(path.join(sharedData, 'digits.csv'), folder, { labelColumn: 'label', side: 8, max: 16, perClass: 10, classes: ['0', '1', '7'] });
  fs.writeFileSync(path.join(folder, '7', 'broken.png'), pngBytes(new Uint8Array(64 * 4).fill(200), 8, 8).subarray(0, 50));
  const project = makeProject(tmp, 'pictures');
  await openApp({ project });
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

  // The Train form is the first thing under the set's title, above the thumbnails.
  const formBox = (await page.getByTestId('image-train-form').boundingBox())!;
  expect(formBox.y).toBeLessThan((await page.getByTestId('thumb-grid').boundingBox())!.y);
  // Every number is checked as typed: the error sits beside its field and Train waits until it is fixed.
  await page.getByTestId('img-head').selectOption('dense');
  await page.getByTestId('img-epochs').fill('0');
  await expect(page.getByTestId('img-epochs-error')).toHaveText('must be a whole number from 1 to 10000; got 0');
  await expect(page.getByTestId('img-train')).toBeDisabled();
  await page.getByTestId('img-blocks').fill('');
  await expect(page.getByTestId('img-blocks-error')).toHaveText('must be a whole number from 0 to 100; got nothing');
  await page.setViewportSize({ width: 1024, height: 700 });
  await shot(page, 'images-form-errors');
  await page.getByTestId('img-epochs').fill('30');
  await page.getByTestId('img-blocks').fill('1');
  await page.getByTestId('img-ft-epochs').fill('3');
  await expect(page.getByTestId('img-epochs-error')).toHaveCount(0);
  await expect(page.getByTestId('img-train')).toBeEnabled();
  await page.getByTestId('img-input-size').selectOption('96');
  await page.getByTestId('img-estimate').click();
  await expect(page.getByTestId('img-estimate-result')).toContainText('MB peak memory', { timeout: 120_000 });
  await expect(page.getByTestId('img-estimate-result')).toContainText('30 image(s) to embed');
  // Train starts only once an estimate for the form as it stands is on screen.
  await expect(page.getByTestId('img-train')).toContainText('Train (≈');
  await shot(page, 'images-estimate');

  // What the run said the moment fine-tuning's curves first showed: read in the page, so a fast run cannot outpace the check.
  await page.evaluate(() => {
    const w = window as unknown as { curvesSeenWhile?: string | null };
    w.curvesSeenWhile = null;
    new MutationObserver(() => {
      const run = document.querySelector('[data-testid="image-run"]');
      if (w.curvesSeenWhile === null && run && document.querySelector('[data-testid="curves-2"]')) w.curvesSeenWhile = run.getAttribute('data-status');
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByTestId('img-train').click();
  const run = page.getByTestId('image-run');
  await expect(run).toBeVisible();
  // Curves appear while the run trains: the head's as its epochs finish, then fine-tuning's after its first epoch.
  await expect(page.locator('[data-testid="curve-loss-1"].js-plotly-plot')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('curves-2')).toBeVisible({ timeout: 240_000 });
  expect(await page.evaluate(() => (window as unknown as { curvesSeenWhile?: string | null }).curvesSeenWhile)).toBe('running');
  await expect(page.locator('[data-testid="curve-accuracy-2"].js-plotly-plot')).toBeVisible();
  expect(Number(await page.getByTestId('curves-1').getAttribute('data-points'))).toBeGreaterThan(1);
  // Each chart draws a train and a validation line.
  await expect(page.locator('[data-testid="curve-loss-1"] .scatterlayer .trace')).toHaveCount(2);
  await shot(page, 'images-live-curves');
  await expect(run).toHaveAttribute('data-status', 'succeeded', { timeout: 300_000 });
  // Phase 2 is kept only when it beats phase 1 on validation; either way the run says which.
  await expect(page.getByTestId('image-run-note').filter({ hasText: /Phase 2 (kept|\(fine-tuning)/ })).toHaveCount(1);
  await expect(page.getByTestId('image-run-note').filter({ hasText: /Phase 1 head: dense/ })).toHaveCount(1);
  await expect(page.locator('[data-testid="confusion-1"].js-plotly-plot')).toBeVisible();
  // Every cell's count is written on the heatmap.
  await expect(page.locator('[data-testid="confusion-1"] .annotation')).toHaveCount(9);
  // #22.4: values, not formats. Phase 1's accuracy is the stored run's, and the heatmap's cells hold every
  // test image once: their sum is the support the per-class table claims and the stored matrix's total.
  const db = openDatabase(project, { readonly: true });
  const stored = tableRows(db, 'image_runs', { columns: ['summary'] }).map((r) => JSON.parse(String(r['summary'])) as ImageRunSummary);
  db.close();
  expect(stored).toHaveLength(1);
  const phase1 = stored[0]!.phases.find((p) => p.phase === 1)!;
  await expect(page.getByTestId('phase-1-accuracy')).toHaveText(`${(phase1.accuracy * 100).toFixed(1)}%`);
  const cells = (await page.locator('[data-testid="confusion-1"] .annotation').allTextContents()).map(Number);
  const support = (await page.getByTestId('phase-1').locator('table.per-class tbody tr td:last-child').allTextContents()).map(Number);
  expect(support).toHaveLength(3);
  const testImages = phase1.confusion.flat().reduce((n, c) => n + c, 0);
  expect(testImages).toBeGreaterThan(0);
  expect(cells.reduce((n, c) => n + c, 0)).toBe(testImages);
  expect(support.reduce((n, c) => n + c, 0)).toBe(testImages);
  // The accuracy shown is the matrix's diagonal over its total.
  expect(phase1.confusion.reduce((n, row, i) => n + row[i]!, 0) / testImages).toBeCloseTo(phase1.accuracy, 12);
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
