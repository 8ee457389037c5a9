import { defineConfig } from '@playwright/test';

/** e2e specs drive the built app in Debian's Chromium (browser mode); see e2e/fixtures.ts. */
export const config = defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Two spec files at a time (265 s against 326 s when measured on 2 cores), each file's tests in order. The serial
  // unplug spec once flaked beside another spec's socat pair (a freed pty number taken at once); today only
  // e2e/sensors-sources.spec.ts makes pty pairs, so no other spec can take its numbers.
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  outputDir: './test-results',
  use: { viewport: { width: 1280, height: 800 }, screenshot: 'only-on-failure' },
});

// Playwright reads its config from a default export (the exception to the no-default-exports rule).
export default config;
