import fs from 'node:fs';
import path from 'node:path';
import { churnCsv, expect, makeProject, shot, test } from './fixtures';

/**
 * Train → Compute (#21.3) at the smallest supported window: a SLURM executor added in the form lands in
 * the user's settings file (not the project), can become the default, and the new-run form offers it.
 */
test('compute: a SLURM executor added in Train → Compute is saved in ASSAY_HOME and offered to a run', async ({ page, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const project = makeProject(tmp, 'churn', churnCsv);
  await openApp({ project });
  await page.getByTestId('section-train').click();
  await page.getByTestId('train-view-compute').click();
  await expect(page.getByTestId('compute-row-local')).toContainText('Worker processes on this machine');

  await page.getByTestId('compute-name').fill('lab');
  await page.getByTestId('compute-shared').fill('/scratch/assay');
  await page.getByLabel('Time limit').fill('30');
  await page.getByTestId('compute-add').click();
  await expect(page.getByTestId('compute-row-lab')).toContainText('SLURM · time 30');
  // The radio follows the saved settings: it shows checked once compute:set has answered, so click and wait
  // (check() fails when the state has not changed by the time the click returns, as on a loaded machine).
  await page.getByLabel('Default: lab').click();
  await expect(page.getByLabel('Default: lab')).toBeChecked();
  await shot(page, 'train-compute');

  const file = path.join(tmp, 'home', 'config', 'compute.json');
  await expect.poll(() => JSON.parse(fs.readFileSync(file, 'utf8')) as unknown).toEqual({
    executors: [{ kind: 'slurm', name: 'lab', sharedDir: '/scratch/assay', timeLimit: '30' }],
    defaultExecutor: 'lab',
  });
  // A repeated name is refused with the reason, and nothing changes.
  await page.getByTestId('compute-name').fill('lab');
  await page.getByTestId('compute-shared').fill('/other');
  await page.getByTestId('compute-add').click();
  await expect(page.getByText('Two executors are named "lab"; names must be unique.')).toBeVisible();

  // An executor whose job files go through S3 (a MinIO here): its location shows in place of the folder.
  await page.getByTestId('compute-name').fill('lab-s3');
  await page.getByTestId('compute-shared').fill('/scratch/assay');
  await page.getByTestId('compute-storage').fill('s3://lab-bucket/assay');
  await page.getByTestId('compute-storage-endpoint').fill('http://127.0.0.1:9000');
  await page.getByTestId('compute-add').click();
  await expect(page.getByTestId('compute-row-lab-s3')).toContainText('s3://lab-bucket/assay (S3 at http://127.0.0.1:9000)');
  await expect
    .poll(() => (JSON.parse(fs.readFileSync(file, 'utf8')) as { executors: unknown[] }).executors[1])
    .toEqual({ kind: 'slurm', name: 'lab-s3', sharedDir: '/scratch/assay', storage: 's3://lab-bucket/assay', storageEndpoint: 'http://127.0.0.1:9000' });
  // A location that is not S3 is refused with what to write.
  await page.getByTestId('compute-name').fill('lab-bad');
  await page.getByTestId('compute-shared').fill('/scratch/assay');
  await page.getByTestId('compute-storage').fill('/mnt/share');
  await page.getByTestId('compute-add').click();
  await expect(page.getByText('storage must be an S3 location such as s3://bucket/prefix')).toBeVisible();

  await page.getByTestId('train-view-setup').click();
  const select = page.getByTestId('train-executor');
  await expect(select.locator('option')).toHaveText(['Default (lab)', 'local', 'lab', 'lab-s3']);
  await select.scrollIntoViewIfNeeded();
  await shot(page, 'train-run-on');
  expect(problems).toEqual([]);
});
