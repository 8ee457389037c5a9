// The golden cases apart from gbdt.test.ts's fits on real data sets: they run in a second, so mutation runs of
// the tree code (npm run mutate) can use them where those fits outlast the instrumented test timeout.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix';
import { GradientBoosting } from './gbdt';
import { numericDataset } from './fixtures/datasets';
import golden from './fixtures/gbdt-golden.json';
import missingGolden from './fixtures/gbdt-missing-golden.json';
import { cases } from '../../../../main/host/testing';

const dataDir = path.resolve(__dirname, '../../../../../shared/data');
const read = (file: string): string => fs.readFileSync(path.join(dataDir, file), 'utf8');
const positive = (p: Float64Array): Float64Array => new Float64Array(p.length / 2).map((_, i) => p[2 * i + 1]!);

describe('GradientBoosting against XGBoost hist (fixtures/make-gbdt-golden.py)', () => {
  for (const [name, g] of cases(Object.entries(golden), 'XGBoost cases')) {
    it(name, () => {
      const d = numericDataset(read(g.file), g.target, g.drop, (v) => (v === 'pos' ? 1 : v === 'neg' ? 0 : Number(v)));
      const m = new GradientBoosting(g.params);
      m.fit(d.X, d.y, { task: g.task as 'binary' | 'regression', nClasses: g.task === 'binary' ? 2 : 1, seed: 0 });
      const p = m.predict(d.X);
      const ours = g.task === 'binary' ? positive(p) : p;
      // XGBoost computes in float32: agree to its precision, row by row.
      const scale = g.task === 'binary' ? 1 : 100;
      expect(g.prediction.length).toBe(ours.length);
      g.prediction.forEach((v, i) => expect(Math.abs(ours[i]! - v)).toBeLessThan(2e-4 * scale));
    });
  }
});

/** JSON has no NaN: the script writes missing values as null. */
const withNaN = (values: readonly (number | null)[]): Float64Array => Float64Array.from(values, (v) => v ?? NaN);

describe('GradientBoosting with missing values against scikit-learn HistGradientBoosting and XGBoost (make-gbdt-golden.py missing)', () => {
  const missing = Object.entries(missingGolden);
  it('has its cases', () => expect(missing.map(([name]) => name)).toEqual(['nan-with-low-values', 'nan-with-low-values-xgboost', 'nan-at-prediction-only']));
  for (const [name, g] of missing) {
    it(name, () => {
      const X = matrix(g.rows, 2, withNaN(g.X));
      const m = new GradientBoosting(g.params);
      m.fit(X, Float64Array.from(g.y), { task: 'regression', nClasses: 1, seed: 0 });
      const p = m.predict(matrix(g.predictRows, 2, withNaN(g.predictX)));
      expect(g.prediction.length).toBe(g.predictRows);
      // XGBoost computes in float32: its case carries a looser tolerance.
      const tolerance = 'tolerance' in g ? g.tolerance : 1e-4;
      g.prediction.forEach((v, i) => expect(Math.abs(p[i]! - v), `row ${i}`).toBeLessThan(tolerance));
    });
  }
});
