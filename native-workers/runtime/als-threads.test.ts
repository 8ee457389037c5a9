import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainAls } from '../ml/recs/als';
import { buildInteractions } from '../ml/recs/interactions';
import { plantedInteractions } from '../ml/recs/planted';
import { itemPopularity } from '../ml/recs/popular';
import { AlsThreads } from './als-threads';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-als-'));
const workerFile = path.join(dir, 'als-thread.cjs');

beforeAll(async () => {
  await build({ entryPoints: [path.join(__dirname, 'als-thread.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: workerFile, logLevel: 'warning' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('AlsThreads', () => {
  it('solves part of every run on the second thread and gives the same factors as one thread, to the bit', async () => {
    // More users and items than a few chunks, so both threads get rows of both sides.
    const planted = plantedInteractions({ users: 3000, items: 1200, groups: 6, perUser: 10, noise: 0.1, seed: 4 });
    const m = buildInteractions({ users: planted.users, items: planted.items }, { feedback: 'implicit' });
    const pop = itemPopularity(m, {});
    const params = { factors: 12, iterations: 6, seed: 9 };
    const threads = new AlsThreads(workerFile);
    try {
      const two = await trainAls(m, pop, params, undefined, undefined, threads);
      const one = await trainAls(m, pop, params);
      expect(threads.workerRows).toBeGreaterThan(0);
      expect(two.userFactors).toEqual(one.userFactors);
      expect(two.itemFactors).toEqual(one.itemFactors);
      expect(two.gram).toEqual(one.gram);
      // What is stored holds no shared memory.
      expect(two.itemFactors.buffer).toBeInstanceOf(ArrayBuffer);
    } finally {
      await threads.close();
    }
  });

  it('refuses factor matrices that the worker cannot see, and reports a dead worker instead of hanging', async () => {
    const planted = plantedInteractions({ users: 40, items: 20, groups: 2, perUser: 5, noise: 0, seed: 1 });
    const m = buildInteractions({ users: planted.users, items: planted.items }, { feedback: 'implicit' });
    const threads = new AlsThreads(workerFile);
    const p = { factors: 4, iterations: 1, regularization: 0.01, alpha: 40, cgSteps: 3, seed: 0 };
    await expect(threads.solve(m.byUser, new Float64Array(160), threads.factors(80), new Float64Array(16), p, () => Promise.resolve())).rejects.toThrow(/must come from factors/);
    await threads.close();
    await expect(threads.solve(m.byUser, threads.factors(160), threads.factors(80), new Float64Array(16), p, () => Promise.resolve())).rejects.toThrow(/exited/);
  });
});
