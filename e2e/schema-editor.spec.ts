import fs from 'node:fs';
import path from 'node:path';
import { assay, dropFile, expect, makeProject, shot, test } from './fixtures';

test('schema step: detected types, inline name checks, overrides applied by an import', async ({ page, serve, tmp }) => {
  const served = await serve();
  await page.goto(`${served.url}#harness/schema`);
  const editor = page.getByTestId('schema-editor');
  const row = (name: string) => editor.locator(`tr[data-column="${name}"]`);
  await expect(row('placed')).toBeVisible();

  // What inference found, as the user reads it.
  await expect(row('order_id')).toContainText('id');
  await expect(row('placed')).toContainText('date');
  await expect(row('placed')).toContainText('MM/DD/YYYY');
  await expect(row('placed').getByTestId('ambiguity')).toBeVisible();
  await expect(row('paid_at')).toContainText('YYYY-MM-DDTHH:mm:ssZ');
  await expect(row('amount')).toContainText('10% missing');
  await expect(row('plan')).toContainText('categorical');
  await expect(row('note')).toContainText('text');
  await shot(page, 'schema-editor-detected');

  // Day first instead of the guessed month first; a rename that collides, then a fix.
  await page.getByLabel('Date format of placed').selectOption('DD/MM/YYYY');
  await page.getByLabel('Name of plan').fill('amount');
  await expect(row('plan').getByRole('alert')).toHaveText('"amount" is already the name of column "amount"; names must be unique.');
  await page.getByLabel('Name of plan').fill('');
  await expect(row('plan').getByRole('alert')).toContainText('The new name is empty');
  await shot(page, 'schema-editor-invalid');
  await page.getByLabel('Name of plan').fill('tier');
  await expect(row('plan').getByRole('alert')).toHaveCount(0);

  // Text to date without a format it can read: said on the row.
  await page.getByLabel('Type of note').selectOption('date');
  await expect(row('note').getByRole('alert')).toContainText('No date format reads these values');
  await page.getByLabel('Type of note').selectOption('text');
  await page.getByLabel('Drop note').check();
  await page.getByLabel('Type of amount').selectOption('integer');
  await shot(page, 'schema-editor-edited');

  const value = JSON.parse((await page.getByTestId('schema-value').textContent()) ?? '{}') as unknown;
  expect(value).toEqual({
    columns: { placed: { format: 'DD/MM/YYYY' }, plan: { rename: 'tier' }, note: { drop: true }, amount: { type: 'integer' } },
  });

  // The same overrides drive a real import: "1.5" is not an integer, so those rows are quarantined.
  const csv = path.join(tmp, 'orders.csv');
  const lines = ['order_id,placed,paid_at,amount,plan,note'];
  for (let i = 0; i < 40; i++) lines.push(`${i + 1},${(i % 9) + 1}/${(i % 3) + 1}/2024,2024-03-01T12:30:00Z,${i % 2 ? '1.5' : '2'},basic,x`);
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  const schemaFile = path.join(tmp, 'schema.json');
  fs.writeFileSync(schemaFile, JSON.stringify(value));
  const home = served.home;
  const project = path.join(tmp, 'p.assay');
  assay(home, 'new', project);
  const result = JSON.parse(assay(home, 'import', project, csv, '--schema', schemaFile, '--json')) as { rowsStored: number; rowsQuarantined: number };
  expect(result).toMatchObject({ rowsStored: 20, rowsQuarantined: 20 });
  const info = JSON.parse(assay(home, 'info', project, '--json')) as { datasets: unknown[] };
  expect(info.datasets).toEqual([expect.objectContaining({ rows: 20, columns: 5, quarantined: 20 })]);
});

test('schema step inside the import wizard: a retyped column quarantines what does not fit', async ({ page, openApp, tmp }) => {
  await openApp({ project: makeProject(tmp, 'schema-wizard') });
  const lines = ['id,day,score,plan'];
  for (let i = 0; i < 30; i++) lines.push(`${i + 1},${(i % 28) + 1}.3.2024,${i % 5 === 0 ? 'high' : i},${['a', 'b', 'c'][i % 3]}`);
  await dropFile(page, 'scores.csv', `${lines.join('\n')}\n`, 'text/csv', undefined, false);
  const wizard = page.getByTestId('import-wizard');
  await expect(page.getByTestId('wizard-preview-row').first()).toBeVisible();
  await page.getByTestId('wizard-step-schema').click();
  await expect(wizard).toHaveAttribute('data-step', 'schema');
  const editor = page.getByTestId('schema-editor');
  await expect(editor.locator('tr[data-column="day"]')).toContainText('DD.MM.YYYY');
  await expect(editor.locator('tr[data-column="score"]')).toContainText('text');
  await page.getByLabel('Type of score').selectOption('integer');
  await page.getByLabel('Name of plan').fill('tier');
  await shot(page, 'schema-wizard-step');
  await page.getByTestId('wizard-import').click();
  await expect(wizard).toHaveCount(0);
  await expect(page.locator('[data-testid="job"][data-kind="import"]')).toHaveAttribute('data-status', 'succeeded');
  // "high" in 6 rows is not an integer: those rows are quarantined, not stored as missing.
  await expect(page.getByTestId('dataset-item')).toContainText('24 rows × 4 cols');
  await expect(page.getByTestId('dataset-item')).toContainText('6 quarantined');
  const grid = page.getByTestId('data-grid');
  await expect(grid.getByRole('columnheader', { name: /tier/ })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: /day/ })).toContainText('date');
  await expect(grid).toContainText('2024-03-02');
  await shot(page, 'schema-wizard-imported');
});
