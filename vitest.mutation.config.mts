import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

// Stryker's tests (stryker.config.json): the native-workers tests only. Tests under main/ drive the
// built worker (dist/), not the mutated sources, so they cannot kill a mutant of the library; in the
// sandbox they only made the initial run outlast its limit on a loaded machine.
// isolate: false keeps modules loaded between mutant runs (4 s a mutant instead of 7 s at load 20); mutants
// are switched at run time, except static ones, which stryker.config.json therefore leaves out.
// Vitest reads its config from a default export (the exception to the no-default-exports rule).
export default defineConfig({ ...base, test: { ...base.test, include: ['native-workers/**/*.test.ts'], isolate: false } });
