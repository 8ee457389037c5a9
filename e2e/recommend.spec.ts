import fs from 'node:fs';
import path from 'node:path';
import { expect, makeProject, shot, test } from './fixtures';
import { plantedInteractions } from '../native-workers/ml/recs/planted';
import { openDatabase } from '../native-workers/project/open';
import { listRecsRuns } from '../native-workers/project/recs';

/**
 * The Recommend area at 1024×700 against the real host and the real recs-train job: planted
 * interactions (4 groups of users, each buying mostly from its own quarter of the items), two
 * models trained from the form, their metrics @K, a user's history beside their recommendations,
 * an unknown user's cold start, and registering a run.
 */
test('recommend: train two models → metrics @K → try a user → register', async ({ page, openApp, tmp }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const planted = plantedInteractions({ users: 240, items: 80, groups: 4, perUser: 10, noise: 0.05, seed: 8 });
  const csv = path.join(tmp, 'orders.csv');
  fs.writeFileSync(csv, `customer,product,qty,day\n${planted.users.map((u, k) => `${u},${planted.items[k]},${1 + (k % 2)},${k}`).join('\n')}\n`);
  const project = makeProject(tmp, 'shop', csv);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project });

  await page.getByTestId('section-recommend').click();
  await expect(page.getByTestId('recs-empty')).toBeVisible();
  await expect(page.getByTestId('recs-train')).toBeDisabled();
  await page.getByTestId('recs-dataset').selectOption({ label: 'orders' });
  await page.getByTestId('recs-userColumn').selectOption('customer');
  await page.getByTestId('recs-itemColumn').selectOption('product');
  await page.getByTestId('recs-weightColumn').selectOption('qty');
  await page.getByTestId('recs-model').selectOption('als');
  await page.getByTestId('recs-train').click();
  await expect(page.getByTestId('recs-runs').locator('tbody tr')).toHaveCount(1, { timeout: 90_000 });
  // The second run: a time column, the last 2 interactions of each user held out, a parameter.
  await page.getByTestId('recs-model').selectOption('itemknn');
  await page.getByTestId('recs-holdout').selectOption('last');
  await page.getByTestId('recs-holdout-amount').fill('2');
  await expect(page.getByTestId('recs-train')).toBeDisabled();
  await expect(page.locator('.field-hint', { hasText: 'needs a time column' })).toBeVisible();
  await page.getByTestId('recs-timeColumn').selectOption('day');
  await page.getByTestId('recs-params').fill('neighbours=oops');
  await expect(page.locator('.field-hint', { hasText: 'neighbours must be a number' })).toBeVisible();
  await expect(page.getByTestId('recs-train')).toBeDisabled();
  await page.getByTestId('recs-params').fill('neighbours=15, shrinkage=5');
  await shot(page, 'recommend-form');
  await page.getByTestId('recs-train').click();
  await expect(page.getByTestId('recs-runs').locator('tbody tr')).toHaveCount(2, { timeout: 90_000 });
  await expect(page.getByTestId('recs-metrics-plot')).toBeVisible();

  // The table shows the stored runs' own numbers.
  const db = openDatabase(project, { readonly: true });
  const runs = listRecsRuns(db);
  db.close();
  expect(runs.map((r) => r.spec.model)).toEqual(['itemknn', 'als']);
  expect(runs[0]!.spec).toMatchObject({ timeColumn: 'day', holdout: { kind: 'last', n: 2 }, params: { neighbours: 15, shrinkage: 5 } });
  // The selected run's data and its lists' coverage: the numbers stored, two plots.
  await page.getByTestId(`recs-run-${runs[0]!.runId}`).click();
  await expect(page.getByTestId('recs-summary')).toContainText(`${runs[0]!.data.interactions.toLocaleString()} interactions`);
  await expect(page.getByTestId('recs-summary')).toContainText('last 2 by time');
  await expect(page.getByTestId('recs-longtail-plot').locator('.scatterlayer .trace')).toHaveCount(1);
  await expect(page.getByTestId('recs-coverage-plot').locator('.scatterlayer .trace')).toHaveCount(2);
  await shot(page, 'recommend-run');
  for (const r of runs) await expect(page.getByTestId(`recs-run-${r.runId}`)).toContainText(r.evaluation!.metrics.ndcg.toFixed(3));
  // Two runs, a solid NDCG and a dotted recall line each.
  await expect(page.getByTestId('recs-metrics-plot').locator('.scatterlayer .trace')).toHaveCount(4);

  // Try the ALS run on a known user: their history on the left, ten new items on the right.
  await page.getByTestId(`recs-run-${runs[1]!.runId}`).click();
  await page.getByTestId('recs-user').fill('u6');
  await page.getByTestId('recs-ask').click();
  const bought = new Set(planted.items.filter((_, k) => planted.users[k] === 'u6'));
  await expect(page.getByTestId('recs-history').locator('li')).toHaveCount(bought.size);
  const recs = page.getByTestId('recs-list').locator('li strong');
  await expect(recs).toHaveCount(10);
  const items = await recs.allInnerTexts();
  for (const it of items) expect(bought.has(it)).toBe(false);
  // u6 is in group 2 (20 items, about half already bought): popularity would give about 2 of 10 from it.
  expect(items.filter((it) => planted.groupOf(it) === 2).length).toBeGreaterThanOrEqual(5);
  await shot(page, 'recommend-try');

  // An unknown user: popular items, said so.
  await page.getByTestId('recs-user').fill('someone-new');
  await page.getByTestId('recs-ask').click();
  await expect(page.getByTestId('recs-note')).toContainText('Unknown user');
  await expect(page.getByTestId('recs-history')).toContainText('No history');

  // Register the run; the Train button stays on screen at 1024×700.
  await page.getByTestId('register-open').click();
  await page.getByTestId('register-name').fill('shop-recs');
  await page.getByTestId('register-name').press('Enter');
  await expect(page.getByTestId('register-done')).toContainText('shop-recs v1');
  const box = await page.getByTestId('recs-train').boundingBox();
  expect(box && box.y + box.height <= 700 && box.x + box.width <= 1024).toBe(true);
  await shot(page, 'recommend-registered');
  expect(problems).toEqual([]);
});
