import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Vite reads its config from a default export: the one exception to the no-default-exports rule.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
    // The plugin-timing report is for Vite's own developers; it only adds noise to `npm start`.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
