import fs from 'node:fs';
import path from 'node:path';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

test('export: a registered version exported to a folder from the Models page (check target, progress, parity)', async ({ page, openApp, tmp }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const file = makeProject(tmp, 'churn', churnCsv);
  const home = path.join(tmp, 'home');
  const { runId } = JSON.parse(assay(home, 'train', file, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'tree', '--cv', '3', '--json')) as { runId: number };
  assay(home, 'register', file, String(runId), '--name', 'churn-tree');
  await openApp({ project: file });

  await page.getByTestId('section-models').click();
  await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-export').click();
  const dialog = page.getByTestId('dialog-export');
  await expect(dialog.getByTestId('export-model')).toHaveValue('churn-tree@1');

  // A folder that is not empty is refused by the check, before anything runs.
  const full = path.join(tmp, 'full');
  fs.mkdirSync(full);
  fs.writeFileSync(path.join(full, 'x'), 'x');
  await dialog.getByTestId('export-where').fill(full);
  await dialog.getByTestId('export-check-button').click();
  await expect(dialog.getByTestId('export-check')).toHaveAttribute('data-ok', 'false');

  const out = path.join(tmp, 'bundle');
  await dialog.getByTestId('export-where').fill(out);
  await dialog.getByTestId('export-check-button').click();
  await expect(dialog.getByTestId('export-check')).toHaveAttribute('data-ok', 'true');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-progress')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await shot(page, 'export-dialog');
  expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
  expect(fs.existsSync(path.join(out, 'server.js'))).toBe(true);
  expect(problems).toEqual([]);
});
