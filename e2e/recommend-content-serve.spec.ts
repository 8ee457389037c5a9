import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, makeProject, shot, test } from './fixtures';
import { plantedInteractions } from '../native-workers/ml/recs/planted';
import { recsMetricsJson } from '../preload/contract/recs';
import { openDatabase } from '../native-workers/project/open';
import { listRecsRuns } from '../native-workers/project/recs';

/**
 * The Recommend area at 1024×700, content and hybrid models and Serve: planted interactions (4
 * groups of users, each buying mostly from its own quarter of the items) and an item-metadata
 * dataset whose category and blurb name each item's group. Both models are trained from the form
 * with the metadata picked there; the table shows each stored run's metrics as `train-recs --json`
 * reports them. Then Serve on the hybrid run registers and serves it from the Recommend area, and
 * the curl line shown is run in a shell as it stands.
 */
test('recommend: content and hybrid from the form → metrics as stored → Serve → curl answers', async ({ page, openApp, tmp }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const planted = plantedInteractions({ users: 240, items: 80, groups: 4, perUser: 10, noise: 0.05, seed: 8 });
  const orders = path.join(tmp, 'orders.csv');
  fs.writeFileSync(orders, `customer,product\n${planted.users.map((u, k) => `${u},${planted.items[k]}`).join('\n')}\n`);
  const products = path.join(tmp, 'products.csv');
  const colours = ['red', 'green', 'blue', 'gold'];
  fs.writeFileSync(products, `sku,genre,blurb\n${Array.from({ length: 80 }, (_, i) => `i${i},g${i % 4},a ${colours[i % 4]} widget number ${i}`).join('\n')}\n`);
  const project = makeProject(tmp, 'shop', orders, products);
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project });

  await page.getByTestId('section-recommend').click();
  await page.getByTestId('recs-dataset').selectOption({ label: 'orders' });
  await page.getByTestId('recs-userColumn').selectOption('customer');
  await page.getByTestId('recs-itemColumn').selectOption('product');
  await page.getByTestId('recs-model').selectOption('content');
  // Content needs the metadata: the button waits for the dataset and its key column.
  await expect(page.getByTestId('recs-train')).toBeDisabled();
  await page.getByTestId('recs-items-dataset').selectOption({ label: 'products' });
  await expect(page.getByTestId('recs-train')).toBeDisabled();
  await page.getByTestId('recs-item-key').selectOption('sku');
  await shot(page, 'recommend-content-form');
  await page.getByTestId('recs-train').click();
  await expect(page.getByTestId('recs-runs').locator('tbody tr')).toHaveCount(1, { timeout: 90_000 });
  await page.getByTestId('recs-model').selectOption('hybrid');
  await page.getByTestId('recs-params').fill('factors=8, iterations=5, contentShrink=3');
  await page.getByTestId('recs-train').click();
  await expect(page.getByTestId('recs-runs').locator('tbody tr')).toHaveCount(2, { timeout: 90_000 });

  const db = openDatabase(project, { readonly: true });
  const runs = listRecsRuns(db);
  db.close();
  expect(runs.map((r) => r.spec.model)).toEqual(['hybrid', 'content']);
  for (const r of runs) {
    expect(r.spec.items).toEqual({ datasetId: expect.any(Number), keyColumn: 'sku' });
    // The row shows the run's own numbers, as `assay train-recs --json` prints them.
    const m = recsMetricsJson(r);
    const cells = page.getByTestId(`recs-run-${r.runId}`).locator('td');
    await expect(cells.nth(3)).toHaveText(m['ndcg@10']!.toFixed(3));
    await expect(cells.nth(4)).toHaveText(m['recall@10']!.toFixed(3));
    await expect(cells.nth(5)).toHaveText(m['coverage']!.toFixed(3));
    // The metadata names each item's group, so both find the structure (random lists would score about 0.1).
    expect(m['ndcg@10']).toBeGreaterThan(0.3);
  }
  expect(runs[0]!.spec.params).toMatchObject({ factors: 8, iterations: 5, contentShrink: 3 });
  await expect(page.getByTestId('recs-metrics-plot').locator('.scatterlayer .trace')).toHaveCount(4);
  await page.getByTestId(`recs-run-${runs[1]!.runId}`).click();
  await expect(page.getByTestId('recs-run-head')).toContainText('Content-based on orders');
  await shot(page, 'recommend-content-run');

  // The hybrid run, tried on a user, then served from here.
  await page.getByTestId(`recs-run-${runs[0]!.runId}`).click();
  await page.getByTestId('recs-user').fill('u6');
  await page.getByTestId('recs-ask').click();
  await expect(page.getByTestId('recs-list').locator('li strong')).toHaveCount(10);
  await page.getByTestId('recs-serve').click();
  await expect(page.getByTestId('recs-served')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('recs-served-ref')).toHaveText('orders-recs@1');
  const url = (await page.getByTestId('recs-served-url').textContent()) ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const curl = (await page.getByTestId('recs-served-curl').textContent()) ?? '';
  expect(curl).toContain('"user":"u6"');
  await shot(page, 'recommend-served');
  for (const id of ['recs-served', 'recs-train']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box && box.x + box.width <= 1024 && box.y + box.height <= 700, id).toBe(true);
  }
  // The line works as shown: a shell runs it, and the answer is u6's ten recommendations, none already bought, mostly from u6's group (2).
  const answer = JSON.parse(execFileSync('sh', ['-c', curl], { encoding: 'utf8' })) as { model: string; version: number; coldStart: boolean; items: { item: string; reason: string }[] };
  expect(answer).toMatchObject({ model: 'orders-recs', version: 1, coldStart: false });
  const bought = new Set(planted.items.filter((_, k) => planted.users[k] === 'u6'));
  expect(answer.items).toHaveLength(10);
  for (const x of answer.items) expect(bought.has(x.item)).toBe(false);
  expect(answer.items.filter((x) => planted.groupOf(x.item) === 2).length).toBeGreaterThanOrEqual(5);

  // The Serve area shows the same server; back here, Stop ends it and Serve comes back (the version is kept).
  await page.getByTestId('section-serve').click();
  await expect(page.getByTestId('server-url')).toHaveText(url);
  await page.getByTestId('section-recommend').click();
  await expect(page.getByTestId('recs-served-url')).toHaveText(url);
  await page.getByTestId('recs-serve-stop').click();
  await expect(page.getByTestId('recs-serve')).toBeVisible();
  await expect(fetch(`${url}/health`)).rejects.toThrow();
  await page.getByTestId('recs-serve').click();
  await expect(page.getByTestId('recs-served-ref')).toHaveText('orders-recs@1');
  await page.getByTestId('recs-serve-stop').click();
  expect(problems).toEqual([]);
});
