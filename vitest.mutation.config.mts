import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// Stryker's tests (stryker.config.json): the native-workers tests only. Tests under main/ drive the
// built worker (dist/), not the mutated sources, so they cannot kill a mutant of the library; in the
// sandbox they only made the initial run outlast its limit on a loaded machine.
// Vitest reads its config from a default export (the exception to the no-default-exports rule).
export default defineConfig({ ...base, test: { ...base.test, include: ['native-workers/**/*.test.ts'], isolate: false } });
