import { defineConfig } from 'vitest/config';

// Vitest reads its config from a default export (the exception to the no-default-exports rule).
export default defineConfig({
  test: {
    include: ['{main,preload,native-workers,renderer,bench}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
