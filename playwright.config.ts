import { defineConfig } from '@playwright/test';

/** e2e specs drive the built app in Debian's Chromium (browser mode); see e2e/fixtures.ts. */
export const config = defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One spec file at a time: with two on 2 cores (265 s against 326 s) the serial unplug spec
  // flaked (a killed socat pair not noticed within 20 s while the other file trained).
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: './test-results',
  use: { viewport: { width: 1280, height: 800 }, screenshot: 'only-on-failure' },
});

// Playwright reads its config from a default export (the exception to the no-default-exports rule).
export default config;
