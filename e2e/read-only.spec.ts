import { churnCsv, dropFile, expect, makeProject, shot, test } from './fixtures';

test('a project opened read-only says so and refuses imports', async ({ page, openApp, tmp }) => {
  const project = makeProject(tmp, 'review', churnCsv);
  await openApp();
  await page.getByTestId('open-project-path').fill(project);
  await page.getByTestId('open-read-only').check();
  await page.getByTestId('open-project-submit').click();

  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  await expect(page.getByTestId('read-only-banner')).toContainText('Save As');
  await expect(page.getByTestId('import-button')).toBeDisabled();
  // Reviewing still works: the data is there.
  await expect(page.getByTestId('data-grid').locator('[data-row="1"]')).toContainText('KS');
  await page.getByTestId('tab-profile').click();
  await expect(page.getByTestId('profile-button')).toBeDisabled();
  await shot(page, 'read-only');

  await dropFile(page, 'more.csv', 'a,b\n1,2\n', 'text/csv', async () => {
    // While dragging, the overlay says no import happens instead of inviting the drop.
    await expect(page.getByTestId('drop-overlay')).toContainText('is open read-only');
    await expect(page.getByTestId('drop-overlay')).toContainText('Dropping imports nothing');
    await expect(page.getByTestId('drop-overlay')).not.toContainText('Drop to import');
    await shot(page, 'read-only-drop-overlay');
  }, false);
  await expect(page.getByTestId('toast-info')).toContainText('read-only');
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
  await expect(page.getByTestId('job')).toHaveCount(0);
});

test('serve --read-only opens the project in review mode', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'served', churnCsv), readOnly: true });
  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  await expect(page.getByTestId('import-button')).toBeDisabled();
});

test('a project another Assay process writes to opens read-only, saying which', async ({ page, serve, openApp, tmp }) => {
  const project = makeProject(tmp, 'shared', churnCsv);
  await serve({ project }); // the first host: it holds the project
  await openApp({ project });
  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  await expect(page.getByTestId('read-only-reason')).toContainText(/shared\.assay is being written by Assay process \d+ \(assay serve, since [^)]+\)/);
  await expect(page.getByTestId('import-button')).toBeDisabled();
});

test('once the other process lets go, the page offers to reopen the project for editing', async ({ page, serve, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const project = makeProject(tmp, 'handover', churnCsv);
  const first = await serve({ project });
  await openApp({ project });
  await expect(page.getByTestId('read-only-reason')).toContainText('when that process lets go, you can reopen it for editing');
  await expect(page.getByTestId('reopen-writable')).toHaveCount(0);
  await shot(page, 'read-only-held');

  await first.stop();
  // The host polls the lock every 2 s and pushes the news.
  await expect(page.getByTestId('reopen-writable')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('read-only-reason')).toContainText('has let go of it: reopen it for editing');
  await shot(page, 'read-only-writer-gone');
  await page.getByTestId('reopen-writable').click();
  await expect(page.getByTestId('read-only-badge')).toHaveCount(0);
  await expect(page.getByTestId('import-button')).toBeEnabled();
  await expect(page.getByTestId('data-grid').locator('[data-row="1"]')).toContainText('KS');
});
