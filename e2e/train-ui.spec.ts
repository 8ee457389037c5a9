import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assay, churnCsv, expect, makeProject, shot, test, sharedData } from './fixtures';
import { getTrainSummary } from '../native-workers/project/train';
import { openDatabase } from '../native-workers/project/open';
import { formatNumber } from '../renderer/features/train/runs-table';

/** A run's summary as stored in the project file, read beside the app. */
function storedRun(project: string, runId: number): ReturnType<typeof getTrainSummary> {
  const db = openDatabase(project, { readonly: true });
  try {
    return getTrainSummary(db, runId);
  } finally {
    db.close();
  }
}

/** A project of one shared dataset with a decision tree trained on it by the CLI (3-fold CV). */
function treeTrained(tmp: string, csv: string, target: string): { project: string; run: { runId: number; task: string } } {
  const dataset = path.basename(csv, '.csv');
  const project = makeProject(tmp, dataset, path.join(sharedData, csv));
  const run = JSON.parse(assay(path.join(tmp, 'home'), 'train', project, '--dataset', dataset, '--target', target, '--model', 'tree', '--cv', '3', '--json')) as { runId: number; task: string };
  return { project, run };
}

/** The Train section's first run, open and finished. */
async function openFirstRun(page: Page): Promise<void> {
  await page.getByTestId('section-train').click();
  await page.getByTestId('run-item').first().click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded');
}

/**
 * The Train area against the real host and real training workers: a run the
 * plan refuses (its reason shown), a real cross-validated run from the form
 * (Ctrl+Enter) with its fold progress, metrics and plots, a run cancelled
 * mid-way, and the comparison of runs.
 */
test('train: setup → refused run → real run with plots → cancel → compare', async ({ page, openApp, tmp }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const rare = path.join(tmp, 'rare.csv');
  fs.writeFileSync(rare, `x,grade\n${Array.from({ length: 80 }, (_, i) => `${i % 13},${i < 3 ? 'r' : i % 2 ? 'p' : 'q'}`).join('\n')}\n`);
  const project = makeProject(tmp, 'churn', churnCsv, rare);
  await openApp({ project });

  const pickDataset = async (name: string): Promise<void> => {
    const value = await page.getByTestId('train-dataset').locator('option', { hasText: `${name} (` }).getAttribute('value');
    await page.getByTestId('train-dataset').selectOption(value ?? '');
  };
  await page.getByTestId('section-train').click();
  await expect(page.getByTestId('train-setup')).toBeVisible();
  await expect(page.getByTestId('no-runs')).toBeVisible();

  // No target: Start is disabled and says why.
  await page.getByTestId('train-target').selectOption('');
  await expect(page.getByTestId('start-train')).toBeDisabled();
  await expect(page.getByTestId('start-reason')).toContainText('target');

  // A text target is a classification: no regression-only models.
  await page.getByTestId('train-target').selectOption('churn');
  await expect(page.getByTestId('start-train')).toBeEnabled();
  await expect(page.getByTestId('train-model').locator('option[value="ridge"]')).toHaveCount(0);
  // Binary: the positive class is shown (no profile yet: decided from the data).
  await expect(page.getByTestId('train-positive')).toBeVisible();
  await page.getByTestId('train-model').selectOption('logreg');
  await page.getByTestId('feature-check').and(page.locator('[value="state"]')).uncheck();
  await page.getByTestId('train-imbalance').selectOption('smote');

  await shot(page, 'train-setup');

  // A class with fewer rows than folds: the plan refuses before any fold runs, and says why.
  await pickDataset('rare');
  await page.getByTestId('train-target').selectOption('grade');
  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('run-error')).toContainText("Class 'r' has only");

  // Back to the form on the churn data, Ctrl+Enter: a real run.
  await page.getByTestId('new-run-button').click();
  await pickDataset('mlc_churn');
  await page.getByTestId('train-target').selectOption('churn');
  await page.getByTestId('train-model').selectOption('logreg');
  await page.getByTestId('train-imbalance').selectOption('smote');
  await page.getByTestId('train-k').press('Control+Enter');
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('fold-row')).toHaveCount(5);
  await shot(page, 'train-running');
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  await expect(page.getByTestId('fold-row').and(page.locator('[data-status="succeeded"]'))).toHaveCount(6);
  await expect(page.getByTestId('metric-card').first()).toContainText('±');
  await expect(page.getByTestId('threshold-card')).toContainText('max F1');
  // #14.2: the decision metrics say the threshold they were computed at; threshold-free ones do not.
  await expect(page.getByTestId('threshold-positive')).toContainText('“yes” when p ≥');
  await expect(page.getByTestId('threshold-note')).toContainText('at the decision threshold');
  await expect(page.getByTestId('metric-card').and(page.locator('[data-metric="f1"]')).getByTestId('metric-at')).toBeVisible();
  await expect(page.getByTestId('metric-card').and(page.locator('[data-metric="roc_auc"]')).getByTestId('metric-at')).toHaveCount(0);
  await expect(page.getByTestId('run-view')).toContainText('positive: yes');
  await page.setViewportSize({ width: 1024, height: 700 });
  await shot(page, 'train-run-1024');
  await page.getByTestId('threshold-note').scrollIntoViewIfNeeded();
  await shot(page, 'train-folds-1024');
  for (const id of ['roc', 'pr', 'confusion', 'thresholds', 'calibration', 'importance', 'learning-curve', 'fold-scores'])
    await expect(page.getByTestId(`plot-${id}`).locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('plot-residuals')).toHaveCount(0);
  await expect(page.getByTestId('plot-roc')).toContainText('mean (AUC 0.');
  // #22.4: values, not formats. The ROC AUC card shows the stored run's mean, and the confusion
  // matrix's drawn cells hold every validation row of the folds exactly once.
  const stored = storedRun(project, Number(await page.getByTestId('run-view').getAttribute('data-run-id')));
  const auc = page.getByTestId('metric-card').and(page.locator('[data-metric="roc_auc"]')).locator('.metric-value');
  await expect(auc).toContainText(stored.metrics['roc_auc'].mean.toFixed(3));
  const validationRows = stored.folds.filter((f) => f.fold >= 0).reduce((n, f) => n + f.validationRows, 0);
  expect(validationRows).toBe(4000); // 5,000 churn rows less the 20 % test split
  const cells = await page.getByTestId('plot-confusion').locator('g.heatmaplayer text, .heatmaplayer text').allTextContents();
  expect(cells).toHaveLength(4);
  expect(cells.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0)).toBe(validationRows);
  await shot(page, 'train-run');

  // Gradient boosting, cancelled once a fold is under way: it ends cancelled, not failed.
  await page.getByTestId('new-run-button').click();
  await page.getByTestId('train-model').selectOption('gbdt');
  // Enough rounds, without early stopping, that no fast machine finishes a fold before the check.
  await page.getByTestId('train-params').fill('n_rounds=3000; learning_rate=0.01; n_iter_no_change=3000');
  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('fold-row').and(page.locator('[data-status="running"]')).first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('cancel-train').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });

  // A decision tree, then the comparison: sortable, tick two, one chart, open a run.
  await page.getByTestId('new-run-button').click();
  await page.getByTestId('train-model').selectOption('tree');
  await page.getByTestId('train-params').fill('');
  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  await expect(page.getByTestId('run-item')).toHaveCount(4);
  await page.getByTestId('train-view-compare').click();
  await page.getByTestId('sort-metric:roc_auc').click();
  const first = await page.getByTestId('compare-row').first().getAttribute('data-run-id');
  await page.getByTestId('sort-metric:roc_auc').click();
  await expect(page.getByTestId('compare-row').first()).not.toHaveAttribute('data-run-id', first ?? '');
  for (const row of await page.getByTestId('compare-row').and(page.locator('[data-status="succeeded"]')).all()) await row.getByTestId('compare-check').check();
  await expect(page.getByTestId('plot-compare-scores').locator('.main-svg').first()).toBeVisible();
  await shot(page, 'train-compare');
  await page.getByTestId('open-run').first().click();
  await expect(page.getByTestId('run-view')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a multiclass run draws each class against the rest; a reviewer replays it in a read-only project', async ({ page, openApp, tmp }) => {
  const { project, run } = treeTrained(tmp, 'digits.csv', 'label');
  expect(run.task).toBe('multiclass');
  await openApp({ project, readOnly: true });
  await openFirstRun(page);
  const roc = page.getByTestId('plot-roc');
  await expect(roc.locator('.main-svg').first()).toBeVisible();
  await expect(roc).toContainText('Each class against the rest');
  await expect(roc).toContainText('9 vs rest (AUC 0.');
  await expect(roc).toContainText('mean (AUC 0.');
  await expect(page.getByTestId('plot-pr')).toContainText('0 vs rest (AP 0.');
  // #22.4: the shown accuracy and mean one-vs-rest AUC are the stored run's; the 10 × 10 confusion
  // matrix holds every validation row of the folds once.
  const stored = storedRun(project, run.runId);
  for (const metric of ['accuracy', 'roc_auc']) {
    const card = page.getByTestId('metric-card').and(page.locator(`[data-metric="${metric}"]`)).locator('.metric-value');
    await expect(card).toContainText(stored.metrics[metric]!.mean.toFixed(3));
  }
  await expect(roc).toContainText(`mean (AUC ${stored.metrics['roc_auc']!.mean.toFixed(3)})`);
  const validationRows = stored.folds.filter((f) => f.fold >= 0).reduce((n, f) => n + f.validationRows, 0);
  expect(validationRows).toBeGreaterThan(1000);
  const cells = await page.getByTestId('plot-confusion').locator('.heatmaplayer text').allTextContents();
  expect(cells).toHaveLength(100);
  expect(cells.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0)).toBe(validationRows);
  await roc.scrollIntoViewIfNeeded();
  await shot(page, 'train-multiclass-roc');

  // Replay: re-run from the stored spec and seed on a copy; the read-only file is not touched.
  const before = fs.readFileSync(project);
  await page.getByTestId('replay-start').click();
  await expect(page.getByTestId('replay')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('replay-result')).toContainText(/Replayed: identical \(\d+ values compared\)/);
  await page.getByTestId('run-view').evaluate((el) => el.scrollTo(0, 0));
  await shot(page, 'train-replay');
  expect(fs.readFileSync(project).equals(before)).toBe(true);
  await expect(page.getByTestId('run-item')).toHaveCount(1);
});

test('a regression run shows the stored R², RMSE and MAE, and draws its residuals', async ({ page, openApp, tmp }) => {
  const { project, run } = treeTrained(tmp, 'diabetes_raw.csv', 'target');
  expect(run.task).toBe('regression');
  await openApp({ project, readOnly: true });
  await openFirstRun(page);
  await expect(page.getByTestId('plot-residuals').locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('plot-roc')).toHaveCount(0);
  // #22.4: values, not formats (printed as the run view prints them: 3 decimals below 100, 1 above).
  const stored = storedRun(project, run.runId);
  for (const metric of ['r2', 'rmse', 'mae']) {
    const card = page.getByTestId('metric-card').and(page.locator(`[data-metric="${metric}"]`)).locator('.metric-value');
    await expect(card).toContainText(formatNumber(stored.metrics[metric]!.mean));
  }
  await shot(page, 'train-regression');
});
