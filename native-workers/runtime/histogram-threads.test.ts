import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeRows } from '../ml/tabular/matrix';
import { GradientBoosting } from '../ml/tabular/trees/gbdt';
import { churnDataset } from '../ml/tabular/trees/fixtures/datasets';
import { ThreadedHistogramBuilder } from './histogram-threads';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-hist-'));
const workerFile = path.join(dir, 'histogram-thread.cjs');
const churn = churnDataset(fs.readFileSync(path.resolve(__dirname, '../../../shared/data/mlc_churn.csv'), 'utf8'));

beforeAll(async () => {
  await build({ entryPoints: [path.join(__dirname, 'histogram-thread.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: workerFile, logLevel: 'warning' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ThreadedHistogramBuilder', () => {
  it('grows the same trees as the single-threaded builder', async () => {
    const builder = new ThreadedHistogramBuilder(workerFile, 1, 0);
    try {
      const params = { nRounds: 15, subsample: 0.8, colsample: 0.9 };
      const threaded = new GradientBoosting(params, { histogramBuilder: builder });
      const plain = new GradientBoosting(params);
      threaded.fit(churn.X, churn.y, { task: 'binary', nClasses: 2, seed: 2 });
      plain.fit(churn.X, churn.y, { task: 'binary', nClasses: 2, seed: 2 });
      const X = takeRows(churn.X, Array.from({ length: 500 }, (_, i) => i * 7));
      expect(threaded.predict(X)).toEqual(plain.predict(X));
      expect(threaded.toJSON()).toEqual(plain.toJSON());
    } finally {
      await builder.close();
    }
  });
});
