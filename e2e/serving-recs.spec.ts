import fs from 'node:fs';
import path from 'node:path';
import { assay, expect, makeProject, shot, test } from './fixtures';
import { createClient } from 'redis';
import { plantedInteractions } from '../native-workers/ml/recs/planted';
import { hasRedisServer, startRedis } from '../native-workers/streams/testing-redis';

interface Answer {
  readonly id: string;
  readonly version: number;
}

/**
 * A/B of two registered recommenders in the Serve panel at 1024×700: real trained runs (ALS and
 * popularity), served from the panel with a 50 % split; the test sends /recommend and reports
 * clicks and conversions through POST /feedback, and the panel shows each version's counts,
 * rates with 95 % intervals and the tests' verdicts. Events also come from a Redis stream named
 * in the start form (when redis-server is installed), counted in the panel.
 */
test('serve recommenders: A/B split → clicks and conversions per version, live', async ({ page, openApp, tmp }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const planted = plantedInteractions({ users: 200, items: 60, groups: 4, perUser: 8, noise: 0.05, seed: 2 });
  const csv = path.join(tmp, 'orders.csv');
  fs.writeFileSync(csv, `customer,product\n${planted.users.map((u, k) => `${u},${planted.items[k]}`).join('\n')}\n`);
  const project = makeProject(tmp, 'shop', csv);
  const home = path.join(tmp, 'home');
  for (const model of ['als', 'popular']) {
    const run = JSON.parse(assay(home, 'train-recs', project, '--dataset', 'orders', '--user', 'customer', '--item', 'product', '--model', model, ...(model === 'als' ? ['--param', 'factors=8'] : []), '--json')) as { runId: number };
    assay(home, 'register', project, String(run.runId), '--name', 'shop');
  }
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project });

  const redis = hasRedisServer() ? await startRedis() : null;
  const feed = redis ? createClient({ url: redis.url }) : null;
  if (feed) {
    await feed.connect();
    await feed.sendCommand(['XGROUP', 'CREATE', 'shop-events', 'recs', '$', 'MKSTREAM']);
  }
  try {
    await page.getByTestId('section-serve').click();
    await page.getByTestId('serve-model').selectOption('shop@1');
    if (redis) await page.getByTestId('serve-events').fill(`${redis.url}/shop-events?group=recs`);
    await page.getByTestId('serve-start-button').click();
    await expect(page.getByTestId('server-panel')).toBeVisible();
    const url = (await page.getByTestId('server-url').textContent()) ?? '';
    if (feed) {
      await expect(page.getByTestId('server-events')).toContainText('shop-events (group recs): live · 0 messages');
      await feed.xAdd('shop-events', '*', { user: 'walk-in', item: planted.items[0]! });
      await feed.xAdd('shop-events', '*', { user: 'walk-in', item: planted.items[1]!, weight: 'lots' });
      await expect(page.getByTestId('server-events')).toContainText('2 messages · 1 refused (last: "weight" must be a positive number');
      await shot(page, 'serving-recs-events');
    }
    await page.getByTestId('serve-split-candidate').selectOption('shop@2');
    await page.getByTestId('serve-split').fill('50');
    await expect(page.getByTestId('server-versions')).toContainText('shop@1 (50%) + shop@2 (50%)');

    const post = async (p: string, body: unknown): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: await res.json() };
    };
    const answers: Answer[] = [];
    for (let u = 0; u < 80; u++) answers.push((await post('/recommend', { user: `u${u}`, k: 5 })).json as Answer);
    const shown = (v: number): number => answers.filter((a) => a.version === v).length;
    // Clicks on every v1 list and every other v2 list; conversions on every fourth v1 list.
    const clicks = answers.filter((a, i) => a.version === 1 || i % 2 === 0);
    const conversions = answers.filter((a, i) => a.version === 1 && i % 4 === 0);
    const fb = await post('/feedback', { feedback: [...clicks.map((a) => ({ id: a.id, event: 'click' })), ...conversions.map((a) => ({ id: a.id, event: 'conversion' }))] });
    expect(fb).toMatchObject({ status: 200, json: { clicks: clicks.length, conversions: conversions.length } });

    const arms = page.getByTestId('serve-ab-arm');
    await expect(arms).toHaveCount(2);
    const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)} %`;
    for (const [i, v] of [1, 2].entries()) {
      const c = clicks.filter((a) => a.version === v).length;
      const cv = conversions.filter((a) => a.version === v).length;
      await expect(arms.nth(i)).toContainText(`v${v} (${v === 1 ? 'primary' : 'candidate'})`);
      await expect(arms.nth(i).getByTestId('serve-ab-ctr')).toContainText(`${pct(c, shown(v))} (`);
      await expect(arms.nth(i).getByTestId('serve-ab-conversion')).toContainText(`${pct(cv, shown(v))} (`);
    }
    await expect(page.getByTestId('serve-ab-verdict')).toContainText('Click-through:');
    await expect(page.getByTestId('serve-ab-verdict')).toContainText('Conversion:');
    await page.getByTestId('serve-ab').scrollIntoViewIfNeeded();
    await shot(page, 'serving-recs-ab');
    const box = await page.getByTestId('serve-ab').boundingBox();
    expect(box && box.x + box.width <= 1024).toBe(true);

    await page.getByTestId('serve-stop-button').click();
    await expect(page.getByTestId('server-panel')).toHaveCount(0);
  } finally {
    await feed?.quit();
    await redis?.stop();
  }
  expect(problems).toEqual([]);
});
