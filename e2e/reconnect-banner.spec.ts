import type { WebSocketRoute } from '@playwright/test';
import { expect, makeProject, shot, test } from './fixtures';

test('the reconnect banner sits above the top bar and pushes the screen down, then leaves', async ({ page, openApp, tmp }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  // Every /ws connection goes through here, so the test can drop it and refuse new ones like a dead host would.
  let hostUp = true;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/ws/, (ws) => {
    if (!hostUp) {
      void ws.close({ code: 1006 });
      return;
    }
    ws.connectToServer();
    open.push(ws);
  });
  await openApp({ project: makeProject(tmp, 'banner') });
  await page.getByTestId('section-sensors').click();
  const topbar = page.getByTestId('topbar');
  await expect(topbar).toBeVisible();
  const before = await topbar.boundingBox();
  expect(before?.y).toBe(0);

  hostUp = false;
  for (const ws of open.splice(0)) await ws.close({ code: 1006 });
  const banner = page.getByTestId('reconnecting');
  await expect(banner).toBeVisible();
  const b = await banner.boundingBox();
  const t = await topbar.boundingBox();
  if (!b || !t) throw new Error('banner or top bar not laid out');
  // Below the banner, whole: nothing of the top bar is covered, and the screen still fits the window.
  expect(b.y).toBe(0);
  expect(t.y).toBeGreaterThanOrEqual(b.y + b.height - 0.5);
  expect(t.height).toBeCloseTo(before?.height ?? 0, 0);
  await expect(page.getByTestId('section-sensors')).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight)).toBe(0);
  await shot(page, 'reconnect-banner-1024');

  hostUp = true;
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  expect((await topbar.boundingBox())?.y).toBe(0);
});
