import { dropFile, expect, makeProject, shot, test } from './fixtures';

test('the import wizard detects how a file is read, previews it live, and imports with the choices made', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'wizard') });
  // Latin-1 bytes, semicolons, decimal text: the wizard must find all of that by itself.
  const text = 'name;city;score\nÅsa;Malmö;1\nJosé;São Paulo;2\nZoë;Zürich;3\n';
  const bytes = [...text].map((c) => c.charCodeAt(0));
  await dropFile(page, 'people.csv', bytes, 'text/csv', undefined, false);

  const wizard = page.getByTestId('import-wizard');
  await expect(wizard).toBeVisible();
  await expect(wizard).toHaveAttribute('data-step', 'source');
  await expect(page.getByTestId('wizard-preview-row')).toHaveCount(3);
  await expect(page.getByTestId('wizard-preview')).toContainText('Malmö');
  await expect(page.getByTestId('wizard-source')).toContainText('detected: ;');
  await expect(page.getByTestId('wizard-source')).toContainText('detected: windows-1252');
  await shot(page, 'wizard-source');

  // An override re-reads the preview: with "first row is data" the names become a row.
  await page.getByTestId('opt-header').selectOption('no');
  await expect(page.getByTestId('wizard-preview-row')).toHaveCount(4);
  await expect(page.getByTestId('wizard-preview').locator('th').first()).toHaveText('column_1');
  await page.getByTestId('opt-header').selectOption('');
  await expect(page.getByTestId('wizard-preview-row')).toHaveCount(3);

  // Enter walks the steps (Schema, Rules, Recipe), and imports on the last.
  for (const step of ['schema', 'rules', 'recipe', 'import']) {
    await page.getByTestId('wizard-file').click();
    await page.keyboard.press('Enter');
    await expect(wizard).toHaveAttribute('data-step', step);
  }
  await shot(page, 'wizard-import-step');
  await page.keyboard.press('Enter');
  await expect(wizard).toHaveCount(0);
  const job = page.locator('[data-testid="job"][data-kind="import"]');
  await expect(job).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('dataset-item')).toContainText('3 rows × 3 cols');
  await expect(page.getByTestId('data-grid')).toContainText('São Paulo');
});

test('Esc closes the wizard without importing', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'wizard-esc') });
  await dropFile(page, 'a.csv', 'a,b\n1,2\n', 'text/csv', undefined, false);
  await expect(page.getByTestId('wizard-preview-row')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-wizard')).toHaveCount(0);
  await expect(page.getByTestId('job')).toHaveCount(0);
  await expect(page.getByTestId('no-datasets')).toBeVisible();
});

test('the wizard Rules step suggests rules from the preview; the import saves them with the dataset', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'wizard-rules') });
  await dropFile(page, 'scores.csv', 'city,score\nOslo,1\nBergen,2\nOslo,3\nBergen,4\n', 'text/csv', undefined, false);
  const wizard = page.getByTestId('import-wizard');
  await expect(page.getByTestId('wizard-preview-row')).toHaveCount(4);
  await page.getByTestId('wizard-step-rules').click();
  await expect(wizard).toHaveAttribute('data-step', 'rules');
  await page.getByTestId('rules-suggest').click();
  const suggested = page.getByTestId('wizard-slot-rules').getByTestId('rule-row');
  await expect(suggested.first()).toBeVisible();
  const count = await suggested.count();
  await shot(page, 'wizard-rules-step');
  await page.getByTestId('wizard-step-recipe').click();
  await expect(page.getByTestId('recipe-editor')).toBeVisible();
  await shot(page, 'wizard-recipe-step');
  await page.getByTestId('wizard-import').click();
  await expect(wizard).toHaveCount(0);
  await expect(page.locator('[data-testid="job"][data-kind="import"]')).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rules-version')).toHaveText('Saved version 1');
  await expect(page.getByTestId('rules-tab').getByTestId('rule-row')).toHaveCount(count);
});
