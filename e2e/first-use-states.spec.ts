import fs from 'node:fs';
import path from 'node:path';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

/** A churn project with one trained, registered logistic regression (by the CLI). */
function registered(tmp: string): { file: string; runId: number } {
  const file = makeProject(tmp, 'churn', churnCsv);
  const home = path.join(tmp, 'home');
  const { runId } = JSON.parse(assay(home, 'train', file, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'logreg', '--validation', 'holdout', '--json')) as { runId: number };
  assay(home, 'register', file, String(runId), '--name', 'churn');
  return { file, runId };
}

test('serve: empty plots say how to send a request, the curl is a training row answered without warnings; a failed export card clears', async ({ page, openApp, tmp }) => {
  test.setTimeout(150_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project: registered(tmp).file });

  await page.getByTestId('section-serve').click();
  await page.getByTestId('serve-start-button').click();
  await expect(page.getByTestId('server-panel')).toBeVisible();
  // Before any request: axes (with a zero) and the way to send one, not a blank box.
  await expect(page.getByTestId('serve-plot-empty')).toHaveCount(2);
  await expect(page.getByTestId('serve-plot-empty').first()).toHaveText('No requests yet — try the curl below');
  await expect(page.getByTestId('serve-plot-rate').locator('.ytick').first()).toBeVisible();
  await shot(page, 'serve-empty-plots');

  // "Try it" sends a real training row: every input column, real categories, and the server takes it as is.
  const curl = (await page.getByTestId('serve-curl').textContent()) ?? '';
  expect(curl).not.toContain('"value"');
  const body = /-d '(.*)'/s.exec(curl)?.[1] ?? '';
  const sent = JSON.parse(body) as { rows: Record<string, unknown>[] };
  expect(Object.keys(sent.rows[0]!)).toHaveLength(19);
  expect(String(sent.rows[0]!['area_code'])).toMatch(/^area_code_\d+$/);
  const url = (await page.getByTestId('server-url').textContent()) ?? '';
  const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  expect(await res.json()).not.toHaveProperty('warnings');
  // The plots fill in as requests arrive.
  await expect(page.getByTestId('serve-plot-empty')).toHaveCount(0);
  await shot(page, 'serve-first-request');

  // A failed export's card: gone when the next export starts (here refused at once), and dismissible.
  await page.getByTestId('section-models').click();
  await page.getByTestId('version-export').click();
  const dialog = page.getByTestId('dialog-export');
  const full = path.join(tmp, 'full');
  fs.mkdirSync(full);
  fs.writeFileSync(path.join(full, 'x'), 'x');
  await dialog.getByTestId('export-where').fill(full);
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-progress')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await shot(page, 'export-failed');
  await dialog.getByTestId('export-model').fill('churn@7');
  await dialog.getByTestId('export-where').fill(path.join(tmp, 'out'));
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByRole('alert')).toContainText('no version 7');
  await expect(dialog.getByTestId('export-progress')).toHaveCount(0);
  await dialog.getByTestId('export-model').fill('churn@1');
  await dialog.getByTestId('export-where').fill(full);
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-progress')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await dialog.getByTestId('export-dismiss').click();
  await expect(dialog.getByTestId('export-progress')).toHaveCount(0);
  await shot(page, 'export-dismissed');
  expect(problems).toEqual([]);
});

test('read-only: Train opens on the runs table, Sources disables Save and Pull saying why', async ({ page, openApp, tmp }) => {
  test.setTimeout(120_000);
  const { file, runId } = registered(tmp);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project: file, readOnly: true });

  await page.getByTestId('section-train').click();
  await expect(page.getByTestId('runs-table')).toContainText(`${runId}`);
  await expect(page.getByTestId('train-view-compare')).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'read-only-train');

  await page.getByTestId('section-sources').click();
  await expect(page.getByTestId('sources-read-only')).toContainText('read-only');
  for (const id of ['conn-save', 'api-pull']) {
    await expect(page.getByTestId(id)).toBeDisabled();
    await expect(page.getByTestId(id)).toHaveAttribute('title', /read-only.*Save As/);
  }
  await shot(page, 'read-only-sources');
});
