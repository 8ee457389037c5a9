import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

/** The page fits its width: nothing scrolls sideways at this viewport. */
async function fitsWidth(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

/** mlc_churn.csv with its label flipped: the concept changed, so the deployed model is now wrong. */
function flippedChurn(tmp: string): string {
  const [head, ...lines] = fs.readFileSync(churnCsv, 'utf8').trim().split('\n');
  const out = path.join(tmp, 'churn-flipped.csv');
  fs.writeFileSync(out, [head, ...lines.map((l) => l.replace(/"(yes|no)"$/, (_, v: string) => (v === 'yes' ? '"no"' : '"yes"')))].join('\n'));
  return out;
}

const stage = (home: string, project: string, version: number): string =>
  (JSON.parse(assay(home, 'models', project, '--json')) as { name: string; versions: { version: number; stage: string }[] }[])[0]!.versions.find((v) => v.version === version)!.stage;

test('monitoring: retrain on newer data, champion vs challenger side by side, promote, roll back, opt-ins; read-only disables it', async ({ page, openApp, tmp }) => {
  test.setTimeout(400_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const home = path.join(tmp, 'home');
  const project = makeProject(tmp, 'churn', churnCsv);
  assay(home, 'import', project, flippedChurn(tmp), '--name', 'churn-flipped');
  const trained = JSON.parse(assay(home, 'train', project, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'logreg', '--validation', 'holdout', '--json')) as { runId: number };
  assay(home, 'register', project, String(trained.runId), '--name', 'churn');
  assay(home, 'promote', project, 'churn@1', '--stage', 'production');

  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project });
  await page.getByTestId('section-monitor').click();
  const card = page.getByTestId('monitor-retrain');
  await expect(card).toBeVisible();
  await expect(card).toContainText('No retrain yet.');

  // Retrain on the newer (flipped) data: a training run with progress, then the two side by side on the same test rows.
  await page.getByTestId('retrain-data').selectOption('churn-flipped');
  await page.getByTestId('retrain-start').click();
  await expect(page.getByTestId('retrain-latest')).toHaveAttribute('data-status', /training|compared/);
  await expect(page.getByTestId('retrain-latest')).toHaveAttribute('data-status', 'compared', { timeout: 300_000 });
  const test1 = page.locator('[data-testid="retrain-eval"][data-kind="Test split"]');
  await expect(test1.locator('tr[data-metric="roc_auc"]')).toHaveClass('stated');
  const [champion, challenger] = (await test1.locator('tr[data-metric="roc_auc"] td.num').allInnerTexts()).map(Number);
  expect(champion).toBeLessThan(0.5);
  expect(challenger).toBeGreaterThan(0.5);
  await expect(page.getByTestId('retrain-verdict')).toHaveAttribute('data-winner', 'challenger');
  await expect(page.locator('[data-testid="monitor-version"][data-ref="churn@2"]')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await fitsWidth(page);
  await shot(page, 'monitoring-retrain-compared-1024');

  // Promote in one click; roll back as for any version.
  await page.getByTestId('retrain-promote').click();
  await expect(page.getByTestId('retrain-promoted')).toContainText('v2 was promoted to production by this retrain');
  expect(stage(home, project, 2)).toBe('production');
  await page.getByTestId('retrain-rollback').click();
  await expect.poll(() => stage(home, project, 1)).toBe('production');

  // Opt-ins: an alert retrains on the feedback labels; a winner is promoted automatically.
  await page.getByTestId('retrain-alert-data').selectOption('feedback');
  // The boxes turn checked once the save answers (they show the stored settings): click, then wait for checked.
  await page.getByTestId('retrain-on-alert').click();
  await expect(page.getByTestId('retrain-on-alert')).toBeChecked();
  await page.getByTestId('retrain-auto-promote').click();
  await expect(page.getByTestId('retrain-auto-promote')).toBeChecked();
  await shot(page, 'monitoring-retrain-settings-1024');

  // Read-only: the comparison and the opt-ins are shown, nothing can change.
  await openApp({ project, readOnly: true });
  await page.getByTestId('section-monitor').click();
  await expect(page.getByTestId('retrain-latest')).toHaveAttribute('data-status', 'compared');
  await expect(page.getByTestId('retrain-on-alert')).toBeChecked();
  await expect(page.getByTestId('retrain-alert-data')).toHaveValue('feedback');
  for (const id of ['retrain-start', 'retrain-data', 'retrain-on-alert', 'retrain-auto-promote', 'retrain-alert-data', 'retrain-rollback']) await expect(page.getByTestId(id)).toBeDisabled();
  await page.getByTestId('monitor-retrain').scrollIntoViewIfNeeded();
  await fitsWidth(page);
  await shot(page, 'monitoring-retrain-read-only-1024');
  expect(problems).toEqual([]);
});
