import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Vitest reads its config from a default export (the exception to the no-default-exports rule).
export default defineConfig({
  test: {
    include: ['{main,preload,native-workers,renderer,bench}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on worker processes, servers and sockets: two at a time keep a 2-core machine busy (measured 617 s vs 676 s under load).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    reporters: ['default'],
  },
});
