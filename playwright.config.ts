import { defineConfig } from '@playwright/test';

/** e2e specs drive the built app in Debian's Chromium (browser mode); see e2e/fixtures.ts. */
export const config = defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One spec file at a time. Two at once were faster (265 s against 326 s on 2 cores) but the
  // serial unplug spec then flaked: a pty number freed by its killed socat pair can be taken at
  // once by another spec's pair, so the app "reconnects" to the other spec's device.
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: './test-results',
  use: { viewport: { width: 1280, height: 800 }, screenshot: 'only-on-failure' },
});

// Playwright reads its config from a default export (the exception to the no-default-exports rule).
export default config;
