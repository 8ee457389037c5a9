import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { assay, churnCsv, expect, makeProject, shot, test } from './fixtures';

/** Whether a box lies wholly inside another (1 px of rounding allowed). */
function inside(inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }): boolean {
  return inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

/** Every button of a promoted version's row is whole on screen; scrolled right, its version stays in view. */
async function checkLayout(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  const row = page.locator('[data-testid="version-row"][data-version="1"]');
  await expect(row).toHaveAttribute('data-stage', 'production');
  const viewport = { x: 0, y: 0, width, height };
  const scroller = page.getByTestId('versions-scroll');
  // As the page opens: not scrolled sideways (a click scrolls what it clicks into view).
  await scroller.evaluate((el) => (el.scrollLeft = 0));
  const shown = await box(scroller);
  for (const id of ['promote-staging', 'promote-production', 'version-serve', 'promote-none', 'version-export']) {
    const b = await box(row.getByTestId(id));
    expect(inside(b, viewport) && inside(b, shown), `${id} at ${width}×${height}`).toBe(true);
  }
  await shot(page, `models-layout-${width}`);
  // Scrolled to the far right (a narrower window, or more metrics), the version column stays put.
  await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  const version = row.getByTestId('version-card');
  expect(inside(await box(version), await box(scroller)), `version at ${width}×${height}, scrolled`).toBe(true);
  await scroller.evaluate((el) => (el.scrollLeft = 0));
}

test('models: a promoted version row keeps Export… on screen at 1024×700 and 1400×900, the version column sticky', async ({ page, openApp, tmp }) => {
  test.setTimeout(120_000);
  const file = makeProject(tmp, 'churn', churnCsv);
  const home = path.join(tmp, 'home');
  const { runId } = JSON.parse(assay(home, 'train', file, '--dataset', 'mlc_churn', '--target', 'churn', '--model', 'logreg', '--validation', 'holdout', '--json')) as { runId: number };
  assay(home, 'register', file, String(runId), '--name', 'mlc_churn-churn-logistic');
  assay(home, 'register', file, String(runId), '--name', 'mlc_churn-churn-logistic');
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp({ project: file });
  await page.getByTestId('section-models').click();
  const row = page.locator('[data-testid="version-row"][data-version="1"]');
  await row.getByTestId('promote-production').click();
  await checkLayout(page, 1024, 700);
  await checkLayout(page, 1400, 900);
  // Narrower than the table: it scrolls inside its box, and the version column is sticky.
  await page.setViewportSize({ width: 760, height: 700 });
  const scroller = page.getByTestId('versions-scroll');
  await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(inside(await box(row.getByTestId('version-card')), await box(scroller))).toBe(true);
  await shot(page, 'models-layout-760-scrolled');
});
