import { churnCsv, expect, makeProject, shot, test } from './fixtures';
import { FakeTrainHost, finishedDetail, runningSummary } from './train-fixtures';

/**
 * The Train area against a stand-in for the host's train channels (see
 * train-fixtures.ts): the setup form's spec, fold progress from pushes,
 * plots of a finished run, an inline host refusal and the comparison.
 */
test('train UI: setup → start → fold progress → results and plots → compare', async ({ page, openApp, tmp }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const host = new FakeTrainHost();
  await page.routeWebSocket(/\/ws/, (ws) => host.attach(ws));
  await openApp({ project: makeProject(tmp, 'churn', churnCsv) });

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
  await expect(page.getByTestId('train-model').locator('option[value="logreg"]')).toHaveCount(1);
  await page.getByTestId('train-model').selectOption('logreg');
  await page.getByTestId('feature-check').and(page.locator('[value="state"]')).uncheck();
  await page.getByTestId('train-imbalance').selectOption('smote');
  await shot(page, 'train-setup');

  // The host refuses: the answer shows inline, with what to do.
  host.failNextStart = { code: 'BAD_INPUT', message: 'The target "churn" has one class in the training rows.' };
  await page.getByTestId('start-train').click();
  await expect(page.getByTestId('train-problem')).toContainText('one class');
  await expect(page.getByTestId('train-problem')).toContainText('Change the setup');

  // Ctrl+Enter starts; the spec carries what the form shows.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'running');
  const spec = host.starts[1];
  expect(spec).toMatchObject({ target: 'churn', model: 'logreg', imbalance: 'smote', validation: { k: 5 }, testSize: 0.2, seed: 42 });
  expect(spec?.features).not.toContain('state');
  expect(spec?.features).not.toContain('churn');

  // Fold progress from pushes; Cancel reaches the host.
  await expect(page.getByTestId('fold-row')).toHaveCount(5);
  host.update({ summary: runningSummary(1, spec ?? { datasetId: 1, target: 'churn' }, 3), plots: null });
  await expect(page.getByTestId('run-progress')).toContainText('3 of 5 folds done');
  await expect(page.getByTestId('fold-row').and(page.locator('[data-status="succeeded"]'))).toHaveCount(3);
  await expect(page.getByTestId('lint-finding')).toHaveAttribute('data-severity', 'warning');
  await shot(page, 'train-running');
  await page.getByTestId('cancel-train').click();
  await expect.poll(() => host.cancels).toEqual([1]);

  // The end: metrics, threshold, excluded columns and plots (fetched with train:get).
  const done = finishedDetail(runningSummary(1, spec ?? { datasetId: 1, target: 'churn' }, 5));
  host.update(done);
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('metric-card')).toHaveCount(4);
  await expect(page.getByTestId('threshold-card')).toContainText('0.380');
  await expect(page.getByTestId('excluded-columns')).toContainText('area_code');
  for (const id of ['roc', 'pr', 'confusion', 'thresholds', 'calibration', 'importance', 'learning-curve', 'fold-scores'])
    await expect(page.getByTestId(`plot-${id}`).locator('.main-svg').first()).toBeVisible();
  await expect(page.getByTestId('plot-residuals')).toHaveCount(0);
  await expect(page.getByTestId('plot-roc')).toContainText('mean (AUC 0.910)');
  await shot(page, 'train-run');

  // A second run, then the comparison: sortable, tick two, one chart.
  host.update(finishedDetail({ ...runningSummary(2, { datasetId: 1, target: 'churn', model: 'rf' }, 5) }, 0.05));
  await expect(page.getByTestId('run-item')).toHaveCount(2);
  await page.getByTestId('train-view-compare').click();
  await page.getByTestId('sort-metric:roc_auc').click();
  await expect(page.getByTestId('compare-row').first()).toHaveAttribute('data-run-id', '1');
  await page.getByTestId('sort-metric:roc_auc').click();
  await expect(page.getByTestId('compare-row').first()).toHaveAttribute('data-run-id', '2');
  for (const check of await page.getByTestId('compare-check').all()) await check.check();
  await expect(page.getByTestId('plot-compare-scores').locator('.main-svg').first()).toBeVisible();
  await shot(page, 'train-compare');
  await page.getByTestId('open-run').first().click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', '2');
  expect(problems).toEqual([]);
});
