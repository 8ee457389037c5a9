import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { assay, churnCsv, dropFile, expect, makeProject, shot, test } from './fixtures';

// What new users ran into (issue #14): each test fails when its fix is undone.

/** Inside the window and the one element at its centre (nothing covers it), so a click reaches it. */
async function expectReachable(page: Page, button: Locator): Promise<void> {
  await expect(button).toBeInViewport({ ratio: 1 });
  const hit = await button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top !== null && (top === el || el.contains(top));
  });
  expect(hit).toBe(true);
  const viewport = page.viewportSize();
  const box = await button.boundingBox();
  expect(box && viewport && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width).toBe(true);
}

for (const [width, height] of [
  [1024, 700],
  [1400, 900],
] as const) {
  test(`#14.1 the wizard's buttons stay reachable on every step at ${width}×${height}; the last column and rule scroll into view`, async ({ page, openApp, tmp }) => {
    await page.setViewportSize({ width, height });
    await openApp({ project: makeProject(tmp, 'wizard-size') });
    await dropFile(page, 'churn.csv', fs.readFileSync(churnCsv, 'utf8'), 'text/csv', undefined, false);
    const wizard = page.getByTestId('import-wizard');
    await expect(page.getByTestId('wizard-preview-row').first()).toBeVisible();
    for (const step of ['source', 'schema', 'rules', 'recipe', 'import']) {
      await page.getByTestId(`wizard-step-${step}`).click();
      await expect(wizard).toHaveAttribute('data-step', step);
      if (step === 'schema') {
        const last = page.getByTestId('schema-editor').locator('tr[data-column="churn"]');
        await last.scrollIntoViewIfNeeded();
        await expect(last).toBeInViewport();
      }
      if (step === 'rules') {
        await page.getByTestId('rules-suggest').click();
        const rules = page.getByTestId('wizard-slot-rules').getByTestId('rule-row');
        await expect(rules.first()).toBeVisible();
        expect(await rules.count()).toBeGreaterThan(20);
        await rules.last().scrollIntoViewIfNeeded();
        await expect(rules.last()).toBeInViewport();
      }
      await expectReachable(page, page.getByTestId('wizard-import'));
      await expectReachable(page, page.getByTestId('wizard-cancel'));
      if (step !== 'import') await expectReachable(page, page.getByTestId('wizard-next'));
      await shot(page, `wizard-${width}-${step}`);
    }
    await page.getByTestId('wizard-import').click();
    await expect(wizard).toHaveCount(0);
    await expect(page.locator('[data-testid="job"][data-kind="import"]')).toHaveAttribute('data-status', 'succeeded');
  });
}

test('#14.10 a broken quote is shown in the preview with its line; the import says how many rows went to quarantine and opens them', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'broken') });
  await dropFile(page, 'broken.csv', 'name,age,city\n"Ann,30,Oslo\nBob,40,Bergen\nCy,50,Molde\nDi,60,Roros\n', 'text/csv', undefined, false);
  await expect(page.getByTestId('wizard-problems')).toContainText('Line 2: malformed quotes: a quote opened on this line is never closed');
  await expect(page.getByTestId('wizard-problems')).toContainText('1 of the first 4 rows cannot be read as a record; the import sends it to quarantine');
  await expect(page.getByTestId('wizard-preview-row').first()).toContainText('"Ann,30,Oslo');
  await shot(page, 'wizard-broken-preview');
  await page.getByTestId('wizard-import').click();
  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job).toHaveAttribute('data-status', 'succeeded');
  await expect(job.getByTestId('job-outcome')).toHaveText('3 rows imported, 1 of 4 rows went to quarantine. Open quarantine');
  await shot(page, 'import-outcome');
  await page.getByTestId('section-train').click();
  await job.getByTestId('job-open-quarantine').click();
  await expect(page.getByTestId('quarantine-view')).toBeVisible();
  await expect(page.getByTestId('quarantine-view')).toContainText('malformed quotes');
  await shot(page, 'import-outcome-quarantine');
});

test('#14.10 a file that cannot be read turns Import off and says why', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'fatal') });
  await dropFile(page, 'blob.csv', [0, 1, 2, 3, 0, 0, 255, 0, 7], 'text/csv', undefined, false);
  await expect(page.getByTestId('wizard-preview-error')).toBeVisible();
  await expect(page.getByTestId('wizard-import')).toBeDisabled();
  await expect(page.getByTestId('wizard-blocked')).toContainText('cannot be read as set up');
  await shot(page, 'wizard-fatal');
  // Enter on the last step would import: it must not either.
  await page.getByTestId('wizard-step-import').click();
  await page.getByTestId('wizard-file').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('import-wizard')).toBeVisible();
  await expect(page.getByTestId('job')).toHaveCount(0);
});

test('#14.13 the schema step says a column is typed over a few stray values, whose rows go to quarantine', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'ages') });
  const lines = Array.from({ length: 49 }, (_, i) => `p${i},${i === 20 ? 'n/a?' : 20 + i}`);
  await dropFile(page, 'ages.csv', `name,age\n${lines.join('\n')}\n`, 'text/csv', undefined, false);
  await page.getByTestId('wizard-step-schema').click();
  const age = page.getByTestId('schema-editor').locator('tr[data-column="age"]');
  await expect(age.getByTestId('schema-misfits')).toHaveText("integer — 1 value doesn't fit, its row goes to quarantine");
  await shot(page, 'wizard-schema-misfits');
  await page.getByTestId('wizard-import').click();
  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job.getByTestId('job-outcome')).toHaveText('48 rows imported, 1 of 49 rows went to quarantine. Open quarantine');
  await job.getByTestId('job-open-quarantine').click();
  await expect(page.getByTestId('quarantine-view')).toContainText('age: "n/a?" is not an integer');
});

test('#14.12 the top bar keeps the project name and Save As in view at 1024 px', async ({ page, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project: makeProject(tmp, 'quarterly-customer-churn-review-2026') });
  const name = page.getByTestId('project-name');
  await expect(name).toBeVisible();
  const box = await name.boundingBox();
  expect(box !== null && box.width >= 120).toBe(true);
  await expectReachable(page, page.getByTestId('save-as-button'));
  await expectReachable(page, page.getByTestId('close-button'));
  const overflow = await page.getByTestId('topbar').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'topbar-1024');
});

test('the top bar of a read-only project (its badge takes ~110 px more) keeps Close in view from 1024 to 1440 px', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'quarterly-customer-churn-review-2026'), readOnly: true });
  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  // Each width just inside and outside the bar's breakpoints (project.css).
  for (const width of [1024, 1100, 1239, 1240, 1279, 1280, 1365, 1366, 1440]) {
    await page.setViewportSize({ width, height: 700 });
    await expectReachable(page, page.getByTestId('close-button'));
    expect(await page.getByTestId('topbar').evaluate((el) => el.scrollWidth - el.clientWidth), `overflow at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 700 });
  await shot(page, 'topbar-read-only-1280');
});

test('#14.12 the first training run is #1 although imports took the first run ids', async ({ page, openApp, tmp }) => {
  const project = makeProject(tmp, 'first-run', churnCsv);
  const home = path.join(tmp, 'home');
  const { runId } = JSON.parse(assay(home, 'train', project, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'tree', '--cv', '3', '--json')) as { runId: number };
  expect(runId).toBeGreaterThan(1);
  await openApp({ project });
  await page.getByTestId('section-train').click();
  const item = page.locator(`[data-testid="run-item"][data-run-id="${runId}"]`);
  await expect(item).toContainText(/^#1 /);
  await item.click();
  await expect(page.getByTestId('run-view').locator('h1')).toContainText(/^#1 /);
  await shot(page, 'first-run-number');
});
