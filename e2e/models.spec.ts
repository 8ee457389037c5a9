import path from 'node:path';
import type { Page } from '@playwright/test';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

/** A project with the churn data and two finished decision-tree runs (depth 4 and 8), made by the CLI. */
function projectWithRuns(tmp: string): { file: string; runs: [number, number] } {
  const file = makeProject(tmp, 'churn', churnCsv);
  const home = path.join(tmp, 'home');
  const train = (depth: number): number =>
    (JSON.parse(assay(home, 'train', file, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'tree', '--cv', '3', '--param', `max_depth=${depth}`, '--json')) as { runId: number }).runId;
  return { file, runs: [train(4), train(8)] };
}

async function openTrainRun(page: Page, runId: number): Promise<void> {
  await page.getByTestId('section-train').click();
  await page.locator(`[data-testid="run-item"][data-run-id="${runId}"]`).click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded');
}

const row = (page: Page, version: number) => page.locator(`[data-testid="version-row"][data-version="${version}"]`);

test('models: register two runs, promote, edit the card, compare, roll back', async ({ page, openApp, tmp }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const { file, runs } = projectWithRuns(tmp);
  await openApp({ project: file });

  await page.getByTestId('section-models').click();
  await expect(page.getByTestId('no-models')).toBeVisible();

  // Register the first run from its run view, under the proposed name.
  await openTrainRun(page, runs[0]);
  await page.getByTestId('register-open').click();
  await expect(page.getByTestId('register-name')).toHaveValue('mlc_churn-churn');
  await page.getByTestId('register-name').fill('bad name');
  await expect(page.getByTestId('register-problem')).toContainText('letters, digits');
  await expect(page.getByTestId('register-submit')).toBeDisabled();
  await page.getByTestId('register-name').fill('mlc_churn-churn');
  await shot(page, 'models-register');
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('register-done')).toContainText('mlc_churn-churn v1');

  // The second run becomes version 2; its link opens the Models area.
  await openTrainRun(page, runs[1]);
  await page.getByTestId('register-open').click();
  await page.getByTestId('register-name').press('Enter');
  await expect(page.getByTestId('register-done')).toContainText('mlc_churn-churn v2');
  await page.getByTestId('open-model').click();
  await expect(page.getByTestId('models-screen')).toBeVisible();
  await expect(page.getByTestId('model-title')).toHaveText('mlc_churn-churn');
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  // Runs are named as the Train area numbers them (the import took the first run ids).
  expect(runs[0]).toBeGreaterThan(1);
  await expect(row(page, 1).getByTestId('version-run')).toHaveText('run #1');
  await expect(row(page, 2).getByTestId('version-run')).toHaveText('run #2');
  await expect(row(page, 2).getByTestId('version-metric').first()).toContainText('ROC AUC');
  await expect(row(page, 2).getByTestId('version-metric').first()).toContainText('±');
  await expect(row(page, 2).getByTestId('version-test')).toContainText('ROC AUC 0.');

  // Promote: v1 to production, v2 to staging, then v2 to production (v1 steps down).
  await row(page, 1).getByTestId('promote-production').click();
  await expect(row(page, 1)).toHaveAttribute('data-stage', 'production');
  await row(page, 2).getByTestId('promote-staging').click();
  await expect(row(page, 2)).toHaveAttribute('data-stage', 'staging');
  await row(page, 2).getByTestId('promote-production').click();
  await expect(row(page, 2)).toHaveAttribute('data-stage', 'production');
  await expect(row(page, 1)).toHaveAttribute('data-stage', 'none');
  await expect(page.getByTestId('model-item').first()).toContainText('v2');

  // The card of v2: filled by default, edited and saved; it is still there after a reload.
  await expect(page.getByTestId('card-editor')).toHaveAttribute('data-version', '2');
  await expect(page.getByTestId('card-data')).toHaveValue(/mlc_churn/);
  await expect(page.getByTestId('card-save')).toBeDisabled();
  await page.getByTestId('card-limits').fill('Trained on one telecom\'s 2013 customers; not for other markets.');
  await page.getByTestId('card-save').click();
  await expect(page.getByTestId('card-saved')).toBeVisible();
  await shot(page, 'models-versions');
  await page.reload();
  await page.getByTestId('section-models').click();
  await expect(page.getByTestId('card-limits')).toHaveValue(/not for other markets/);
  // The other version's card is its own.
  await row(page, 1).getByTestId('version-card').click();
  await expect(page.getByTestId('card-editor')).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('card-limits')).not.toHaveValue(/not for other markets/);

  // Compare v1 and v2: metrics side by side, the depth that differs marked.
  await page.getByTestId('models-view-compare').click();
  await expect(page.getByTestId('compare-a')).toHaveValue('1');
  await expect(page.getByTestId('compare-b')).toHaveValue('2');
  const compareRow = (label: string) => page.locator(`[data-testid="compare-row"][data-label="${label}"]`);
  await expect(compareRow('max_depth')).toHaveAttribute('data-differs', 'true');
  await expect(compareRow('max_depth')).toContainText('4');
  await expect(compareRow('ROC AUC').first()).toContainText('±');
  await expect(compareRow('Dataset')).toHaveAttribute('data-differs', 'false');
  await expect(compareRow('Only in one')).toHaveAttribute('data-differs', 'false');
  await shot(page, 'models-compare');

  // Roll back: v1 is back in production.
  await page.getByTestId('models-view-versions').click();
  await page.getByTestId('rollback-button').click();
  await expect(row(page, 1)).toHaveAttribute('data-stage', 'production');
  await expect(row(page, 2)).toHaveAttribute('data-stage', 'none');
  await expect(page.getByTestId('toast-success')).toContainText('version 1 is back in production');
  await shot(page, 'models-rollback');
  expect(problems).toEqual([]);
});

test('models: a read-only project shows the registry with every change disabled', async ({ page, openApp, tmp }) => {
  const file = makeProject(tmp, 'review', churnCsv);
  const home = path.join(tmp, 'home');
  const { runId } = JSON.parse(assay(home, 'train', file, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'logreg', '--cv', '3', '--json')) as { runId: number };
  assay(home, 'register', file, String(runId), '--name', 'churn');
  await openApp({ project: file, readOnly: true });
  await page.getByTestId('section-models').click();
  await expect(page.getByTestId('models-read-only')).toContainText('read-only');
  await expect(page.getByTestId('version-row')).toHaveCount(1);
  await expect(page.getByTestId('promote-production')).toBeDisabled();
  await expect(page.getByTestId('rollback-button')).toBeDisabled();
  await expect(page.getByTestId('card-save')).toBeDisabled();
  await expect(page.getByTestId('card-intendedUse')).toHaveAttribute('readonly', '');
  await openTrainRun(page, runId);
  await expect(page.getByTestId('register-open')).toBeDisabled();
  await expect(page.getByTestId('register-open')).toHaveAttribute('title', /read-only/);
  await shot(page, 'models-read-only');
});
