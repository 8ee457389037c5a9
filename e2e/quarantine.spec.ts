import fs from 'node:fs';
import path from 'node:path';
import { assay, expect, shot, test, sharedData } from './fixtures';

const pimaCsv = path.join(sharedData, 'PimaIndiansDiabetes.csv');

/** Pima imported with rules that catch its zeros (missing measurements): a real quarantine to review. */
function pimaWithRules(tmp: string): { project: string; lowMass: number; total: number } {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  const project = path.join(tmp, 'rules.assay');
  const rules = path.join(tmp, 'rules.json');
  fs.writeFileSync(
    rules,
    JSON.stringify({
      version: 1,
      rules: [
        { kind: 'range', column: 'glucose', min: 1 },
        { kind: 'range', column: 'mass', min: 10, name: 'plausible BMI' },
        { kind: 'range', column: 'pressure', min: 1 },
      ],
    }),
  );
  assay(home, 'new', project);
  const out = JSON.parse(assay(home, 'import', project, pimaCsv, '--name', 'pima', '--rules', rules, '--json')) as {
    rowsQuarantined: number;
    rules: Record<string, number>;
  };
  // #22.4: the counts are those of the broken rows in the file itself, counted here without Assay.
  const [header, ...lines] = fs.readFileSync(pimaCsv, 'utf8').trim().split('\n').map((l) => l.split(','));
  const at = (name: string): number => header.indexOf(`"${name}"`);
  const rows = lines.map((cells) => ({ glucose: Number(cells[at('glucose')]), mass: Number(cells[at('mass')]), pressure: Number(cells[at('pressure')]) }));
  expect(rows).toHaveLength(768);
  const lowMass = rows.filter((r) => r.mass < 10).length;
  const total = rows.filter((r) => r.glucose < 1 || r.mass < 10 || r.pressure < 1).length;
  expect(lowMass).toBeGreaterThan(0);
  expect(out.rules['plausible BMI']).toBe(lowMass);
  expect(out.rowsQuarantined).toBe(total);
  return { project, lowMass, total };
}

test('quarantine: failures per rule plotted, filter, fix a value, re-validate, promote', async ({ page, openApp, tmp }) => {
  const { project, lowMass, total } = pimaWithRules(tmp);
  await openApp({ project });
  await expect(page.getByTestId('dataset-title')).toHaveText('pima');
  await page.getByTestId('tab-quarantine').click();
  await expect(page.getByTestId('quarantine-total')).toHaveText(`${total} rows in quarantine`);
  // The per-rule bar chart is drawn (Plotly's SVG bars), one bar per failed rule.
  await expect(page.getByTestId('quarantine-chart').locator('g.point')).toHaveCount(3);
  await expect(page.getByTestId('quarantine-chart')).toContainText('plausible BMI');
  await shot(page, 'quarantine-all');

  // Clicking a rule's bar shows only its rows (the filter follows).
  const chart = page.getByTestId('quarantine-chart');
  const label = await chart.locator('g.ytick text', { hasText: 'plausible BMI' }).boundingBox();
  const bars = await chart.locator('g.point path').evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }));
  expect(label).not.toBeNull();
  const labelY = (label?.y ?? 0) + (label?.height ?? 0) / 2;
  const bar = bars.reduce((best, b) => (Math.abs(b.y + b.height / 2 - labelY) < Math.abs(best.y + best.height / 2 - labelY) ? b : best));
  await page.mouse.move(bar.x + Math.min(bar.width / 2, 20), bar.y + bar.height / 2);
  await page.mouse.click(bar.x + Math.min(bar.width / 2, 20), bar.y + bar.height / 2);
  await expect(page.getByTestId('quarantine-filter')).toHaveValue('plausible BMI');
  await expect(page.getByTestId('quarantine-total')).toHaveText(`${lowMass} rows failing plausible BMI`);
  const first = page.getByTestId('quarantine-row').first();
  await expect(first.getByTestId('quarantine-reason')).toContainText('mass: 0 is below 10');
  const line = await first.getAttribute('data-line');

  await first.getByTestId('quarantine-edit').click();
  const fix = page.getByTestId('quarantine-fix');
  await expect(fix.getByLabel('value of mass')).toHaveClass(/bad/);
  await fix.getByLabel('value of mass').fill('31.5');
  for (const col of ['glucose', 'pressure']) {
    if ((await fix.getByLabel(`value of ${col}`).inputValue()) === '0') await fix.getByLabel(`value of ${col}`).fill('90');
  }
  await shot(page, 'quarantine-fix');
  await page.getByTestId('quarantine-fix-save').click();
  await expect(fix).toHaveCount(0);

  await page.getByTestId('quarantine-revalidate').click();
  await expect(page.getByTestId('quarantine-promote')).toHaveText('Promote 1 accepted');
  await page.getByTestId('quarantine-filter').selectOption('');
  const accepted = page.locator(`[data-testid="quarantine-row"][data-line="${line}"]`);
  await expect(accepted).toHaveAttribute('data-status', 'accepted');
  await shot(page, 'quarantine-accepted');

  await page.getByTestId('quarantine-promote').click();
  await expect(page.getByTestId('quarantine-total')).toHaveText(`${total - 1} rows in quarantine`);
  await expect(accepted).toHaveCount(0);
  await expect(page.locator('.dataset-head')).toContainText(`${768 - total + 1} rows × 9 columns · ${total - 1} rows quarantined`);
  await shot(page, 'quarantine-promoted');

  // Rules tab: the rules imported with the file are version 1; suggestions, save, validate.
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rules-version')).toHaveText('Saved version 1');
  await expect(page.getByTestId('rule-row')).toHaveCount(3);
  await page.getByTestId('rules-suggest').click();
  await expect(page.locator('[data-testid="rule-row"][data-rule="diabetes:allowed"]')).toBeVisible();
  // Suggestions are added; the rules already there stay as they were.
  await expect(page.locator('[data-testid="rule-row"][data-rule="plausible BMI"]')).toBeVisible();
  await expect(page.locator('[data-testid="rule-row"][data-rule="glucose:range"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="rule-row"][data-rule="glucose:range"]').getByLabel('min')).toHaveValue('1');
  await expect(page.getByTestId('rules-version')).toContainText('unsaved changes');
  await shot(page, 'rules-suggested');
  await page.getByTestId('rules-save').click();
  await expect(page.getByTestId('rules-version')).toHaveText('Saved version 2');
  await page.getByTestId('rules-validate').click();
  const validateJob = page.getByTestId('rules-tab').getByTestId('job').filter({ hasText: 'Validate pima' });
  await expect(validateJob).toHaveAttribute('data-status', 'succeeded');
  // Suggested rules describe the rows the dataset holds: re-applying them moves none.
  await expect(page.locator('.dataset-head')).toContainText(`${768 - total + 1} rows × 9 columns · ${total - 1} rows quarantined`);
  await shot(page, 'rules-validated');
});

test('the rules editor explains a broken rule before it can be saved', async ({ page, openApp, tmp }) => {
  const { project } = pimaWithRules(tmp);
  await openApp({ project });
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rule-row')).toHaveCount(3);
  await page.getByTestId('rule-row').nth(0).getByLabel('min').fill('');
  await expect(page.getByTestId('rules-error')).toContainText('rules[0] (range): give min, max or both.');
  await expect(page.getByTestId('rules-save')).toBeDisabled();
  await page.getByTestId('rule-row').nth(0).getByLabel('max').fill('250');
  await expect(page.getByTestId('rules-error')).toHaveCount(0);
  await expect(page.getByTestId('rules-save')).toBeEnabled();
  await shot(page, 'rules-editor');
});
