import { describe, expect, it } from 'vitest';
import { frame, takeFrameRows, type Frame } from '../frame';
import { fitPipeline } from './fit';
import { loadPipeline } from './fitted';
import { componentsForVariance } from './pca';
import type { PipelineJSON } from './pipeline-json';
import { resolvePreprocessSpec } from './spec';

const small: Frame = frame([
  { name: 'x', kind: 'numeric', values: Float64Array.of(1, 2, NaN, 4, 100) },
  { name: 'c', kind: 'categorical', values: ['a', 'a', 'b', null, 'a'] },
]);

describe('fitPipeline', () => {
  it('names features and fills missing values', () => {
    const p = fitPipeline(small, { scaling: 'none', rareMinFrequency: 0, addMissingIndicators: true });
    expect(p.inputColumns).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'c', kind: 'categorical' },
    ]);
    expect(p.featureNames).toEqual(['x', 'c=__missing__', 'c=a', 'c=b', 'missing:x', 'missing:c']);
    const m = p.transform(small);
    // median of 1, 2, 4, 100 is 3
    expect(Array.from(m.data.subarray(2 * 6, 3 * 6))).toEqual([3, 0, 0, 1, 1, 0]);
    expect(Array.from(m.data.subarray(3 * 6, 4 * 6))).toEqual([4, 1, 0, 0, 0, 1]);
  });

  it('one-hot: unseen categories go to the rare bucket when it exists, else the block is all zero', () => {
    const rows = frame([{ name: 'c', kind: 'categorical', values: ['a', 'a', 'a', 'b', 'b', 'b', 'r'] }]);
    const unseen = frame([{ name: 'c', kind: 'categorical', values: ['zz', 'r', null] }]);
    const bucketed = fitPipeline(rows, { rareMinFrequency: 0.2 });
    expect(bucketed.featureNames).toEqual(['c=a', 'c=b', 'c=__rare__']);
    // null → __missing__, never seen in the fit → the bucket as well
    expect(Array.from(bucketed.transform(unseen).data)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1]);
    const plain = fitPipeline(rows, { rareMinFrequency: 0 });
    expect(plain.featureNames).toEqual(['c=a', 'c=b', 'c=r']);
    expect(Array.from(plain.transform(unseen).data)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('ordinal: sorted codes, rare bucket after the kept ones, unseen -1', () => {
    const rows = frame([{ name: 'c', kind: 'categorical', values: ['b', 'b', 'b', 'a', 'a', 'a', 'r'] }]);
    const p = fitPipeline(rows, { encoding: 'ordinal', rareMinFrequency: 0.2 });
    expect(p.featureNames).toEqual(['c']);
    const t = p.transform(frame([{ name: 'c', kind: 'categorical', values: ['a', 'b', 'r', 'zz'] }]));
    expect(Array.from(t.data)).toEqual([0, 1, 2, -1]);
  });

  it('fits on the rows it is given only (fold safety): other rows change nothing', () => {
    const trainRows = [0, 1, 2, 3];
    const onTrain = fitPipeline(takeFrameRows(small, trainRows), { scaling: 'standard' });
    const other = frame([
      { name: 'x', kind: 'numeric', values: Float64Array.of(1, 2, NaN, 4, -1e6) },
      { name: 'c', kind: 'categorical', values: ['a', 'a', 'b', null, 'unseen'] },
    ]);
    const onOtherTrain = fitPipeline(takeFrameRows(other, trainRows), { scaling: 'standard' });
    expect(onOtherTrain.toJSON()).toEqual(onTrain.toJSON());
    // Transform works on any rows, including the held-out one.
    expect(onTrain.transform(small).rows).toBe(5);
  });

  it('an all-missing numeric column keeps its place (fill 0)', () => {
    const f = frame([{ name: 'x', kind: 'numeric', values: Float64Array.of(NaN, NaN) }]);
    const p = fitPipeline(f, { numericImpute: 'mean' });
    expect(Array.from(p.transform(f).data)).toEqual([0, 0]);
  });

  it('checks its input frame by name and kind; extra columns are ignored', () => {
    const p = fitPipeline(small);
    expect(() => p.transform(frame([small.columns[0]]))).toThrow(/needs column "c"/);
    expect(() => p.transform(frame([small.columns[0], { name: 'c', kind: 'numeric', values: new Float64Array(5) }]))).toThrow(/must be categorical/);
    const reordered = frame([{ name: 'extra', kind: 'numeric', values: new Float64Array(5) }, small.columns[1], small.columns[0]]);
    expect(p.transform(reordered)).toEqual(p.transform(small));
  });

  it('PCA: k is capped by the rank limit min(rows, features); explained covers every component', () => {
    const f = frame([
      { name: 'a', kind: 'numeric', values: Float64Array.of(1, 2, 3, 4) },
      { name: 'b', kind: 'numeric', values: Float64Array.of(2, 1, 4, 3) },
      { name: 'c', kind: 'numeric', values: Float64Array.of(0, 0, 1, 5) },
    ]);
    const p = fitPipeline(f, { pca: { k: 10 } });
    expect(p.featureNames).toEqual(['pc1', 'pc2', 'pc3']);
    expect(p.explained!.ratio).toHaveLength(3);
    expect(p.explained!.cumulative[2]).toBeCloseTo(1, 12);
    const q = fitPipeline(f, { pca: { k: 1 } });
    expect(q.featureNames).toEqual(['pc1']);
    expect(q.explained!.ratio).toEqual(p.explained!.ratio);
  });

  it('variance fraction: the fewest components whose cumulative ratio exceeds it', () => {
    expect(componentsForVariance([0.5, 0.8, 0.95, 1], 0.8)).toBe(3);
    expect(componentsForVariance([0.5, 0.8, 0.95, 1], 0.79)).toBe(2);
    expect(componentsForVariance([0.5, 0.8, 0.95, 1 - 1e-17], 0.999999)).toBe(4);
  });
});

describe('PreprocessSpec', () => {
  it('fills documented defaults', () => {
    expect(resolvePreprocessSpec({})).toEqual({
      numericImpute: 'median',
      numericFill: 0,
      categoricalImpute: 'constant',
      encoding: 'onehot',
      rareMinFrequency: 0.01,
      maxCategories: 50,
      scaling: 'standard',
      pca: null,
      addMissingIndicators: false,
    });
  });

  it('refuses bad values', () => {
    expect(() => resolvePreprocessSpec({ rareMinFrequency: 1 })).toThrow(/rareMinFrequency/);
    expect(() => resolvePreprocessSpec({ maxCategories: 1 })).toThrow(/maxCategories/);
    expect(() => resolvePreprocessSpec({ pca: { k: 0 } })).toThrow(/pca.k/);
    expect(() => resolvePreprocessSpec({ pca: { variance: 1 } })).toThrow(/pca.variance/);
    expect(() => resolvePreprocessSpec({ scaling: 'log' as 'none' })).toThrow(/scaling/);
  });
});

describe('loadPipeline', () => {
  const json = fitPipeline(small, { pca: { k: 1 } }).toJSON();
  const damaged = (change: (j: Record<string, unknown>) => void): PipelineJSON => {
    const j = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
    change(j);
    return j as unknown as PipelineJSON;
  };

  it('refuses damaged JSON at load time', () => {
    expect(() => loadPipeline(damaged((j) => (j.type = 'model')))).toThrow(/type/);
    expect(() => loadPipeline(damaged((j) => (j.version = 2)))).toThrow(/version/);
    expect(() => loadPipeline(damaged((j) => ((j.numeric as { scale: unknown }[])[0].scale = null)))).toThrow(/scale/);
    expect(() => loadPipeline(damaged((j) => ((j.pca as { mean: number[] }).mean = [1])))).toThrow(/pca.mean/);
    expect(() => loadPipeline(damaged((j) => (j.inputColumns = [])))).toThrow(/input column/);
  });
});
