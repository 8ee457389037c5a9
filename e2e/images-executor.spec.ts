import fs from 'node:fs';
import path from 'node:path';
import { writePixelCsvFolder } from '../native-workers/images/test-images';
import { expect, makeProject, shot, test, sharedData } from './fixtures';

/**
 * #21.3: the image training form offers "Run on" as the tabular form does, and the run goes to the executor
 * chosen. The SLURM executor here has no commands (a bin folder that does not exist), so the run's failure
 * names that executor and the missing sbatch: proof the choice reached the host, without a cluster.
 */
test('images: Run on picks a cluster executor for the training run; a SLURM without its commands fails the run naming it', async ({ page, openApp, tmp }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const folder = path.join(tmp, 'digits');
  writePixelCsvFolder(path.join(sharedData, 'digits.csv'), folder, { labelColumn: 'label', side: 8, max: 16, perClass: 6, classes: ['0', '1'] });
  fs.mkdirSync(path.join(tmp, 'home', 'config'), { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'home', 'config', 'compute.json'),
    JSON.stringify({ executors: [{ kind: 'slurm', name: 'lab', sharedDir: path.join(tmp, 'shared'), binDir: path.join(tmp, 'no-slurm') }], defaultExecutor: 'local' }),
  );
  const project = makeProject(tmp, 'pictures');
  await openApp({ project });
  await page.getByTestId('section-images').click();
  await page.getByTestId('image-folder').fill(folder);
  await page.getByTestId('image-import').click();
  await expect(page.getByTestId('image-set-title')).toHaveText('digits');

  const select = page.getByTestId('img-executor');
  await expect(select.locator('option')).toHaveText(['Default (local)', 'local', 'lab']);
  await select.selectOption('lab');
  await page.getByTestId('img-input-size').selectOption('96');
  // The form's row holds every setting and Run on at the smallest window, without overflowing the form.
  const form = (await page.getByTestId('image-train-form').boundingBox())!;
  const box = (await select.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(form.x + form.width);
  await shot(page, 'images-run-on');

  await page.getByTestId('img-train').click();
  await expect(page.getByTestId('img-train')).toContainText('Train (≈', { timeout: 150_000 });
  await page.getByTestId('img-train').click();
  await expect(page.getByTestId('image-run-error')).toContainText(`Could not submit images-train`, { timeout: 60_000 });
  await expect(page.getByTestId('image-run-error')).toContainText('SLURM "lab"');
  await expect(page.getByTestId('image-run-error')).toContainText(`${path.join(tmp, 'no-slurm', 'sbatch')} was not found`);
  await shot(page, 'images-run-on-failed');
  expect(problems).toEqual([]);
});
