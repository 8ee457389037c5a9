import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

const DAY = 86_400_000;
const PER_DAY = 400;

/**
 * A real churn model and four days of its predictions, pulled from an exported
 * server's NDJSON log: the last two days with total_day_minutes shifted by 2σ,
 * labels for a quarter of them. Returns the rows' count.
 */
function logFourDays(home: string, project: string, dir: string): void {
  const [head, ...lines] = fs.readFileSync(churnCsv, 'utf8').trim().split('\n');
  const names = head!.split(',').map((n) => n.replace(/"/g, ''));
  const rows = lines.slice(0, 4 * PER_DAY).map((l) => Object.fromEntries(l.split(',').map((c, i) => [names[i]!, /^"/.test(c) ? c.replace(/"/g, '') : Number(c)])));
  const minutes = rows.map((r) => r['total_day_minutes'] as number);
  const mean = minutes.reduce((a, b) => a + b, 0) / minutes.length;
  const sd = Math.sqrt(minutes.reduce((a, b) => a + (b - mean) ** 2, 0) / minutes.length);
  // Today and the three days before, so the rules' latest windows (relative to now) hold the shifted days.
  const day0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  const out: string[] = [];
  rows.forEach((r, i) => {
    const d = Math.floor(i / PER_DAY);
    const { churn, ...input } = r;
    if (d >= 2) input['total_day_minutes'] = (input['total_day_minutes'] as number) + 2 * sd;
    const time = new Date(day0 + d * DAY + (i % PER_DAY) * 1000).toISOString();
    const p = (input['total_day_minutes'] as number) > 250 ? 0.7 : 0.1;
    out.push(JSON.stringify({ type: 'prediction', id: `p${i}`, request: `r${i}`, time, model: 'churn', version: 1, input, output: { label: p > 0.5 ? 'yes' : 'no', probabilities: { no: 1 - p, yes: p } }, latencyMs: 1 }));
    if (i % 4 === 0) out.push(JSON.stringify({ type: 'feedback', id: `p${i}`, label: churn, time, model: 'churn' }));
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'predictions-20260101T000000Z-1-1.ndjson'), `${out.join('\n')}\n`);
  assay(home, 'monitor', 'pull', project, '--model', 'churn', '--from', dir);
}

/** The page fits its width: nothing scrolls sideways at this viewport. */
async function fitsWidth(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test('monitoring: drift heat map over days, alerts checked now and edited, the HTML report offline, read-only', async ({ page, openApp, tmp }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const home = path.join(tmp, 'home');
  const project = makeProject(tmp, 'churn', churnCsv);
  const trained = JSON.parse(assay(home, 'train', project, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'tree', '--validation', 'holdout', '--json')) as { runId: number };
  assay(home, 'register', project, String(trained.runId), '--name', 'churn');
  logFourDays(home, project, path.join(tmp, 'log'));
  assay(home, 'monitor', 'alerts', project, '--model', 'churn', '--add', 'drift:total_day_minutes > 0.5', '--window', '1d', '--min-rows', '50', '--cooldown', '1s');

  await page.setViewportSize({ width: 1400, height: 900 });
  const served = await openApp({ project });
  await page.getByTestId('section-monitor').click();
  await expect(page.getByTestId('monitor-status')).toHaveText('warning');
  await expect(page.getByTestId('monitor-summary')).toContainText('1 of 19 columns drift');
  await expect(page.getByTestId('monitor-summary')).toContainText('1,600 rows from the serving log');

  // The heat map: one row per column and the prediction, one cell per day; the shifted column turns red on days 3 and 4 only.
  const heat = page.getByTestId('drift-heatmap');
  await expect(heat.getByTestId('heat-cell')).toHaveCount(20 * 4);
  const shifted = heat.locator('[data-row="total_day_minutes"]');
  expect(await shifted.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-drift')))).toEqual(['false', 'false', 'true', 'true']);
  expect(await heat.locator('[data-row="account_length"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-drift')))).toEqual(['false', 'false', 'false', 'false']);
  // The test used and its threshold: a reference over 1,000 rows is measured (Wasserstein ÷ σ, drift at ≥ 0.1).
  const row = page.locator('[data-testid="drift-row"][data-column="total_day_minutes"]');
  await expect(row).toHaveAttribute('data-drift', 'true');
  await expect(row).toContainText('wasserstein');
  await expect(row).toContainText('≥ 0.1');
  // Labels came back for a quarter of the predictions: realized accuracy per day, beside the estimate that needs none.
  const perf = page.getByTestId('performance-plot');
  await expect(perf.locator('[data-series="accuracy"] circle')).toHaveCount(4);
  await expect(perf.locator('[data-series="estimated accuracy (no labels)"] circle')).toHaveCount(4);
  await shot(page, 'monitoring-1400');

  // Check now fires the rule for the latest windows, yesterday's and today's (both shifted); the history lists them.
  await expect(page.getByTestId('alert-fired')).toHaveCount(0);
  await page.getByTestId('monitor-check').click();
  await expect(page.getByTestId('alert-fired')).toHaveCount(2);
  await expect(page.getByTestId('alert-fired').first()).toContainText('drift:total_day_minutes');

  // The rule editor: add one, then remove it.
  await expect(page.getByTestId('monitor-rule')).toHaveCount(1);
  await page.getByTestId('rule-metric').fill('drift_share');
  await page.getByTestId('rule-threshold').fill('0.5');
  await page.getByTestId('rule-add').click();
  await expect(page.getByTestId('monitor-rule')).toHaveCount(2);
  await expect(page.getByTestId('monitor-rule').nth(1)).toContainText('drift_share > 0.5 over 1d');
  await page.getByTestId('monitor-rule').nth(1).getByTestId('rule-remove').click();
  await expect(page.getByTestId('monitor-rule')).toHaveCount(1);

  await page.setViewportSize({ width: 1024, height: 700 });
  await expect(page.getByTestId('monitor-check')).toBeVisible();
  await fitsWidth(page);
  await shot(page, 'monitoring-1024');

  // Reference vs current (#16.9): the most drifted column by default, today's 400 rows over the reference's bins; a drift row's click picks another.
  const sum = async (plot: string, series: string): Promise<number> =>
    (await page.getByTestId(plot).locator(`[data-series="${series}"] [data-testid="overlay-bar"]`).evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-count'))))).reduce((a, b) => a + b, 0);
  const overlay = page.getByTestId('distribution-column-plot');
  await overlay.scrollIntoViewIfNeeded();
  await expect(overlay).toHaveAttribute('data-column', 'total_day_minutes');
  const today = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString().slice(0, 10);
  expect(await sum('distribution-column-plot', `current ${today}`)).toBe(PER_DAY);
  expect(await sum('distribution-column-plot', 'reference')).toBeGreaterThan(1000);
  expect(await sum('distribution-prediction-plot', `current ${today}`)).toBe(PER_DAY);
  await fitsWidth(page);
  await shot(page, 'monitoring-distribution-1024');
  await page.locator('[data-testid="drift-row"][data-column="account_length"]').click();
  await expect(overlay).toHaveAttribute('data-column', 'account_length');
  await expect(page.getByTestId('distribution-column')).toHaveValue('account_length');
  // Data quality and operations per day: 400 rows and requests each, latency 1 ms, nothing refused or failed.
  await expect(page.getByTestId('quality-row')).toHaveCount(4);
  await page.getByTestId('monitor-quality').scrollIntoViewIfNeeded();
  await shot(page, 'monitoring-quality-1024');
  await expect(page.getByTestId('quality-row').first()).toContainText('400');
  await expect(page.getByTestId('quality-row').first().locator('td').nth(2)).toHaveText('0.00 %');
  // Days 3 and 4 are shifted by 2σ: some values now exceed the training maximum.
  expect(Number((await page.getByTestId('quality-row').nth(3).locator('td').nth(3).innerText()).replace(' %', ''))).toBeGreaterThan(0);
  await expect(page.getByTestId('quality-plot').locator('[data-series="missing %"] circle')).toHaveCount(4);
  const ops = page.getByTestId('operations-row');
  await expect(ops).toHaveCount(4);
  expect(await ops.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent).slice(1)))).toEqual(Array(4).fill(['400', '400', '1.0 ms', '1.0 ms', '0', '0']));
  await expect(page.getByTestId('operations-requests-plot').locator('[data-series="requests"] circle')).toHaveCount(4);
  await expect(page.getByTestId('operations-latency-plot').locator('[data-series="p99 ms"] circle')).toHaveCount(4);
  await page.getByTestId('monitor-operations').scrollIntoViewIfNeeded();
  await fitsWidth(page);
  await shot(page, 'monitoring-quality-operations-1024');

  // The report from the button: one self-contained file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('monitor-report').click()]);
  const fromButton = path.join(tmp, 'from-button.html');
  await download.saveAs(fromButton);
  expect(fs.readFileSync(fromButton, 'utf8')).toContain('<title>churn v1 — monitoring report</title>');
  await served.stop();

  // The report from the CLI, opened with every request but the file itself refused: it needs none.
  const report = path.join(tmp, 'report.html');
  expect(assay(home, 'monitor', 'report', project, 'churn', '--version', '1', '--out', report)).toMatch(/^wrote .*report\.html \([\d,]+ bytes\)\n$/);
  // SVG drawn in the file instead of plotly.js inlined (4.8 MB): the figure in docs/figures.md.
  console.log(`monitoring report: ${fs.statSync(report).size} bytes for 20 columns × 4 windows`);
  expect(fs.statSync(report).size).toBeLessThan(100_000);
  const requests: string[] = [];
  const offline = await page.context().newPage();
  await offline.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await offline.goto(`file://${report}`);
  expect(requests).toEqual([]);
  await expect(offline.locator('#status')).toHaveText('warning');
  await expect(offline.locator('svg.heat rect')).toHaveCount(20 * 4);
  expect(await offline.locator('svg.heat rect[data-column="total_day_minutes"]').evaluateAll((r) => r.map((x) => x.getAttribute('data-drift')))).toEqual(['false', 'false', 'true', 'true']);
  await expect(offline.locator('table.columns tbody tr')).toHaveCount(20);
  await expect(offline.locator('table.history tbody tr')).toHaveCount(2);
  await expect(offline.locator('table.rules tbody tr')).toContainText('drift:total_day_minutes > 0.5');
  await expect(offline.locator('svg.lines polyline[data-series="accuracy"]')).toHaveCount(1);
  expect(await offline.locator('script').count()).toBe(0);
  await offline.close();

  // Read-only: everything shown, nothing editable.
  await openApp({ project, readOnly: true });
  await page.getByTestId('section-monitor').click();
  await expect(page.getByTestId('drift-heatmap').getByTestId('heat-cell')).toHaveCount(80);
  await expect(page.getByTestId('alert-fired')).toHaveCount(2);
  await expect(page.getByTestId('monitor-check')).toBeDisabled();
  await expect(page.getByTestId('rule-add')).toBeDisabled();
  await expect(page.getByTestId('rule-remove')).toBeDisabled();
  await expect(page.getByTestId('monitor-schedule')).toBeDisabled();
  await expect(page.getByTestId('monitor-report')).toBeEnabled();
  // The #16.9 panels read the same.
  await expect(page.getByTestId('distribution-column-plot')).toHaveAttribute('data-column', 'total_day_minutes');
  await expect(page.getByTestId('quality-row')).toHaveCount(4);
  await expect(page.getByTestId('operations-row')).toHaveCount(4);
  await fitsWidth(page);
  await shot(page, 'monitoring-read-only-1024');
  expect(problems).toEqual([]);
});
