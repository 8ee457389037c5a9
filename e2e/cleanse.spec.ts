import fs from 'node:fs';
import path from 'node:path';
import { dropFile, expect, makeProject, shot, test } from './fixtures';

/** Month files of one source: padded names, yes/Y/no/N, °F, missing weights, repeated ids. */
function readings(seed: number): string {
  const lines = ['id,name,ok,temp_f,weight'];
  for (let i = 1; i <= 40; i++) {
    const id = i % 10 === 0 ? i - 1 : i;
    const name = i % 3 === 0 ? `  ann   lee ${i} ` : `bob ${i}`;
    lines.push(`${id},${name},${['yes', 'Y', 'no', 'N'][(i + seed) % 4]},${i === 7 ? 1000 : 50 + ((i * 7 + seed) % 40)},${i % 5 === 0 ? '' : 60 + (i % 13)}`);
  }
  return `${lines.join('\n')}\n`;
}

test('Cleanse tab: build a recipe from the palette, preview every step, apply it, and see it re-applied to the next import', async ({ page, openApp, tmp }) => {
  const jan = path.join(tmp, 'readings-2024-01.csv');
  fs.writeFileSync(jan, readings(0));
  await openApp({ project: makeProject(tmp, 'cleanse', jan) });
  await expect(page.getByTestId('dataset-title')).toHaveText('readings-2024-01');
  await page.getByTestId('tab-cleanse').click();
  await expect(page.getByTestId('recipe-stored')).toContainText('readings-#-#.csv · no recipe stored yet');

  const step = (i: number) => page.getByTestId('recipe-step').nth(i);
  await page.getByTestId('add-trim').click();
  await page.getByTestId('add-map').click();
  await step(1).getByTestId('step-column').selectOption('ok');
  await page.getByTestId('add-unit').click();
  await step(2).getByTestId('step-column').selectOption('temp_f');
  await step(2).getByTestId('step-rename').fill('temp_c');
  await page.getByTestId('add-impute').click();
  await step(3).getByTestId('step-column').selectOption('weight');
  await page.getByTestId('add-duplicates').click();
  await step(4).getByTestId('step-columns').selectOption(['id']);
  await page.getByTestId('add-outliers').click();
  // The renamed column is offered to the steps after the rename.
  await step(5).getByTestId('step-column').selectOption('temp_c');
  await expect(page.getByTestId('recipe-step')).toHaveCount(6);

  await page.getByTestId('recipe-preview').click();
  await expect(page.getByTestId('recipe-summary')).toContainText('Preview on all 40 rows');
  await expect(page.getByTestId('recipe-summary')).toContainText('4 dropped');
  // Every name i % 3 === 0 is padded (13 of 40); every ok value maps; 8 weights are missing.
  await expect(step(0).getByTestId('step-counts')).toHaveText('13 rows · 13 values changed');
  await expect(step(1).getByTestId('step-counts')).toHaveText('40 rows · 40 values changed');
  await expect(step(2).getByTestId('step-counts')).toContainText('40 rows · 40 values changed · unit °C');
  await expect(step(3).getByTestId('step-counts')).toContainText('8 rows · 8 values changed · median');
  await expect(step(4).getByTestId('step-counts')).toContainText('0 rows · 0 values changed · 4 rows dropped');
  await expect(step(5).getByTestId('step-counts')).toContainText('1 flagged');
  await expect(step(0).getByTestId('step-examples')).toContainText('"  ann   lee 3 "');
  await expect(step(0).getByTestId('step-examples')).toContainText('"ann lee 3"');
  await shot(page, 'cleanse-preview');

  // Nothing was written by the preview.
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('data-grid')).toContainText('temp_f');
  await page.getByTestId('tab-cleanse').click();
  // The draft is kept while the dataset stays on screen.
  await expect(page.getByTestId('recipe-step')).toHaveCount(6);
  await page.getByTestId('recipe-apply').click();
  const job = page.locator('[data-testid="cleanse-tab"] [data-testid="job"]');
  await expect(job).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('recipe-stored')).toContainText('stored recipe v1');
  await expect(page.getByTestId('recipe-stored')).toContainText('last applied v1 (by hand)');
  await expect(page.getByTestId('dataset-item').first()).toContainText('36 rows');
  await shot(page, 'cleanse-applied');

  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('data-grid')).toContainText('temp_c_outlier');
  await expect(page.getByTestId('data-grid')).toContainText('ann lee 3');
  await shot(page, 'cleanse-grid');

  // The next month's file of the same source gets the stored recipe during its import.
  await dropFile(page, 'readings-2024-02.csv', readings(1));
  await expect(page.getByTestId('dataset-item')).toHaveCount(2);
  await page.getByTestId('dataset-item').nth(1).click();
  await expect(page.getByTestId('dataset-title')).toHaveText('readings-2024-02');
  await page.getByTestId('tab-cleanse').click();
  await expect(page.getByTestId('recipe-stored')).toContainText('last applied v1 (on import)');
  await expect(page.getByTestId('recipe-step')).toHaveCount(6);
  await shot(page, 'cleanse-reapplied');
});
