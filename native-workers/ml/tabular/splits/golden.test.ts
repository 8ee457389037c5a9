import { describe, expect, it } from 'vitest';
import golden from '../fixtures/metrics-golden.json';
import { groupKFold } from './group';
import { kFold } from './kfold';
import { stratifiedKFold } from './stratified';
import { timeSeriesSplit } from './time-series';
import type { Split } from './types';
import { cases } from '../../../../main/host/testing';

const validation = (s: Split): number[][] => s.folds.map((f) => Array.from(f.validation));

describe('splits identical to scikit-learn 1.2', () => {
  for (const c of cases(golden.splits.kfold, 'KFold cases')) {
    it(`KFold n=${c.n} k=${c.k}`, () => expect(validation(kFold(c.n, c.k))).toEqual(c.validation));
  }
  for (const c of cases(golden.splits.stratified, 'StratifiedKFold cases')) {
    it(`StratifiedKFold n=${c.y.length} k=${c.k}`, () => expect(validation(stratifiedKFold(c.y, c.k))).toEqual(c.validation));
  }
  for (const c of cases(golden.splits.group, 'GroupKFold cases')) {
    it(`GroupKFold n=${c.groups.length} k=${c.k}`, () => expect(validation(groupKFold(c.groups, c.k))).toEqual(c.validation));
  }
  for (const c of cases(golden.splits.timeseries, 'TimeSeriesSplit cases')) {
    it(`TimeSeriesSplit n=${c.n} ${JSON.stringify(c.options)}`, () => {
      const o = c.options as { n_splits: number; gap?: number; test_size?: number; max_train_size?: number };
      const s = timeSeriesSplit(c.n, { splits: o.n_splits, gap: o.gap, testSize: o.test_size, maxTrainSize: o.max_train_size });
      expect(s.folds.map((f) => ({ train: Array.from(f.train), validation: Array.from(f.validation) }))).toEqual(c.folds);
    });
  }
});
