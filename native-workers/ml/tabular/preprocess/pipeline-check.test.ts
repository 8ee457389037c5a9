// Every refusal of a stored pipeline and of a spec, by its message: a damaged file must fail at load,
// naming what is wrong, and a check that silently stopped checking must fail here (#22 mutation survivors).
import { describe, expect, it } from 'vitest';
import { frame } from '../frame';
import { fitPipeline } from './fit';
import { loadPipeline } from './fitted';
import type { PipelineJSON } from './pipeline-json';
import { resolvePreprocessSpec } from './spec';

const day = (d: number): number => Date.UTC(2024, 0, d);
const mixed = frame([
  { name: 'x', kind: 'numeric', values: Float64Array.of(1, 2, NaN, 4, 100, 7) },
  { name: 'd', kind: 'date', values: Float64Array.of(day(1), day(2), day(3), NaN, day(5), day(6)) },
  { name: 'c', kind: 'categorical', values: ['a', 'a', 'b', null, 'a', 'z'] },
]);
const stored = fitPipeline(mixed, { pca: { k: 2 }, addMissingIndicators: true, rareMinFrequency: 0.2 }).toJSON();

type Json = Record<string, unknown> & {
  numeric: Record<string, unknown>[];
  dates: (Record<string, unknown> & { parts: Record<string, unknown>[] })[];
  categorical: Record<string, unknown>[];
  inputColumns: Record<string, unknown>[];
  pca: Record<string, unknown> & { components: unknown[] };
};
function damaged(change: (j: Json) => void): PipelineJSON {
  const j = JSON.parse(JSON.stringify(stored)) as Json;
  change(j);
  return j as unknown as PipelineJSON;
}
const refused = (change: (j: Json) => void): string => {
  try {
    loadPipeline(damaged(change));
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};
const bad = (what: string): string => `Not a valid preprocessing pipeline: ${what}.`;

describe('a stored pipeline is checked at load', () => {
  it('fixture: numeric, date and categorical steps, a rare bucket, PCA', () => {
    expect(stored.dates?.[0]?.parts.length).toBeGreaterThan(0);
    expect(stored.categorical[0]).toMatchObject({ categories: ['a'], rareBucket: true });
    expect(stored.pca?.components.length).toBe(2);
    expect(refused(() => undefined)).toBe('accepted');
  });

  it('the envelope', () => {
    expect(() => loadPipeline(null as unknown as PipelineJSON)).toThrow(bad('not an object'));
    expect(() => loadPipeline('x' as unknown as PipelineJSON)).toThrow(bad('not an object'));
    expect(refused((j) => (j.type = 'model'))).toBe(bad('type is model'));
    expect(refused((j) => (j.version = 2))).toBe(bad('version 2 is not supported'));
    expect(refused((j) => (j.spec = { scaling: 'log' }))).toBe('scaling must be one of none, standard, minmax, robust; got log.');
    for (const key of ['inputColumns', 'numeric', 'categorical'] as const) {
      expect(refused((j) => ((j as Record<string, unknown>)[key] = {}))).toBe(bad('columns missing'));
    }
    expect(refused((j) => j.inputColumns.push({ name: 'x', kind: 'numeric' }))).toBe(bad('input column names repeat'));
    expect(refused((j) => ((j as Record<string, unknown>).dates = {}))).toBe(bad('dates must be a list'));
    expect(refused((j) => j.inputColumns.push({ name: 'extra', kind: 'numeric' }))).toBe(bad('every input column needs one step'));
  });

  it('numeric steps', () => {
    expect(refused((j) => (j.numeric[0]!.indicator = 1))).toBe(bad('x.indicator must be true or false'));
    expect(refused((j) => (j.numeric[0]!.name = 'c'))).toBe(bad('"c" is not a numeric input column'));
    expect(refused((j) => (j.numeric[0]!.fill = '3'))).toBe(bad('x.fill must be a finite number'));
    expect(refused((j) => (j.numeric[0]!.center = null))).toBe(bad('x.center must be a finite number'));
    expect(refused((j) => (j.numeric[0]!.scale = 'Infinity'))).toBe(bad('x.scale must be a finite number'));
    expect(refused((j) => (j.numeric[0]!.scale = 0))).toBe(bad('x.scale is 0'));
  });

  it('date steps', () => {
    const part = String(stored.dates![0]!.parts[0]!.part);
    expect(refused((j) => (j.dates[0]!.indicator = 'yes'))).toBe(bad('d.indicator must be true or false'));
    expect(refused((j) => (j.dates[0]!.name = 'x'))).toBe(bad('"x" is not a date input column'));
    expect(refused((j) => (j.dates[0]!.parts = {} as Record<string, unknown>[]))).toBe(bad('d.parts must be a list'));
    expect(refused((j) => (j.dates[0]!.parts[0]!.part = 'century'))).toBe(bad('d.century is not a date part (one of year, month, day_of_week, day_of_year, hour, weekend, each once)'));
    expect(refused((j) => j.dates[0]!.parts.push({ ...j.dates[0]!.parts[0] }))).toMatch(`d.${part} is not a date part`);
    expect(refused((j) => (j.dates[0]!.parts[0]!.fill = NaN))).toBe(bad(`d.${part}.fill must be a finite number`));
    expect(refused((j) => (j.dates[0]!.parts[0]!.center = '1'))).toBe(bad(`d.${part}.center must be a finite number`));
    expect(refused((j) => (j.dates[0]!.parts[0]!.scale = null))).toBe(bad(`d.${part}.scale must be a finite number`));
    expect(refused((j) => (j.dates[0]!.parts[0]!.scale = 0))).toBe(bad(`d.${part}.scale is 0`));
  });

  it('categorical steps', () => {
    expect(refused((j) => (j.categorical[0]!.indicator = null))).toBe(bad('c.indicator must be true or false'));
    expect(refused((j) => (j.categorical[0]!.name = 'x'))).toBe(bad('"x" is not a categorical input column'));
    expect(refused((j) => (j.categorical[0]!.fill = 1))).toBe(bad('c.fill must be a string'));
    expect(refused((j) => (j.categorical[0]!.categories = 'a'))).toBe(bad('c.categories must be a list of strings'));
    expect(refused((j) => (j.categorical[0]!.categories = ['a', 2]))).toBe(bad('c.categories must be a list of strings'));
    expect(refused((j) => (j.categorical[0]!.rare = [null]))).toBe(bad('c.rare must be a list of strings'));
    expect(refused((j) => (j.categorical[0]!.rareBucket = 'no'))).toBe(bad('c.rareBucket must be true or false'));
    expect(refused((j) => { j.categorical[0]!.rareBucket = false; j.categorical[0]!.rare = ['b']; })).toBe(bad('c has rare categories but no bucket'));
    // A bucket without rare categories (they are all unseen ones) is valid.
    expect(refused((j) => (j.categorical[0]!.rare = ['b']))).toBe('accepted');
  });

  it('PCA', () => {
    const p = (stored.pca?.mean.length ?? 0);
    expect(p).toBeGreaterThan(3);
    expect(refused((j) => (j.pca.mean = [1]))).toBe(bad(`pca.mean must hold ${p} numbers`));
    expect(refused((j) => (j.pca.mean = 'x'))).toBe(bad(`pca.mean must hold ${p} numbers`));
    expect(refused((j) => ((j.pca.mean as number[])[1] = Number.NaN))).toBe(bad('pca.mean[1] must be a finite number'));
    expect(refused((j) => (j.pca.components = []))).toBe(bad('pca.components is empty'));
    expect(refused((j) => (j.pca.components = {} as unknown[]))).toBe(bad('pca.components is empty'));
    expect(refused((j) => (j.pca.components[1] = [1, 2]))).toBe(bad(`pca.components[1] must hold ${p} numbers`));
    expect(refused((j) => (j.pca.ratio = 0.5))).toBe(bad('pca.ratio must hold -1 numbers'));
    expect(refused((j) => ((j.pca.ratio as number[])[0] = 'a' as unknown as number))).toBe(bad('pca.ratio[0] must be a finite number'));
    const m = stored.pca!.ratio.length;
    expect(refused((j) => (j.pca.cumulative = [1]))).toBe(bad(`pca.cumulative must hold ${m} numbers`));
    expect(refused((j) => (j.pca.cumulative = [...stored.pca!.cumulative, 1]))).toBe(bad(`pca.cumulative must hold ${m} numbers`));
    expect(refused((j) => (j.pca = null as unknown as Json['pca']))).toMatch(/accepted/);
  });
});

describe('a spec is checked with its field named', () => {
  it('each bound, on both sides', () => {
    expect(() => resolvePreprocessSpec({ numericFill: Number.POSITIVE_INFINITY })).toThrow('numericFill must be a finite number.');
    expect(resolvePreprocessSpec({ numericFill: -2 }).numericFill).toBe(-2);
    expect(() => resolvePreprocessSpec({ rareMinFrequency: -0.01 })).toThrow('rareMinFrequency must be a fraction in [0, 1).');
    expect(() => resolvePreprocessSpec({ rareMinFrequency: Number.NaN })).toThrow('rareMinFrequency must be a fraction in [0, 1).');
    expect(resolvePreprocessSpec({ rareMinFrequency: 0 }).rareMinFrequency).toBe(0);
    expect(resolvePreprocessSpec({ rareMinFrequency: 0.99 }).rareMinFrequency).toBe(0.99);
    expect(() => resolvePreprocessSpec({ maxCategories: 2.5 })).toThrow('maxCategories must be an integer ≥ 2.');
    expect(resolvePreprocessSpec({ maxCategories: 2 }).maxCategories).toBe(2);
    expect(() => resolvePreprocessSpec({ pca: { k: 1.5 } })).toThrow('pca.k must be an integer ≥ 1.');
    expect(resolvePreprocessSpec({ pca: { k: 1 } }).pca).toEqual({ k: 1 });
    expect(() => resolvePreprocessSpec({ pca: { variance: 0 } })).toThrow('pca.variance must be a fraction in (0, 1).');
    expect(() => resolvePreprocessSpec({ pca: { variance: Number.NaN } })).toThrow('pca.variance must be a fraction in (0, 1).');
    expect(resolvePreprocessSpec({ pca: { variance: 0.5 } }).pca).toEqual({ variance: 0.5 });
    expect(() => resolvePreprocessSpec({ numericImpute: 'mode' as 'mean' })).toThrow('numericImpute must be one of mean, median, constant; got mode.');
    expect(() => resolvePreprocessSpec({ categoricalImpute: 'mean' as 'mode' })).toThrow('categoricalImpute must be one of mode, constant; got mean.');
    expect(() => resolvePreprocessSpec({ encoding: 'hash' as 'onehot' })).toThrow('encoding must be one of onehot, ordinal; got hash.');
  });

  it('every choice given is kept', () => {
    const spec = {
      numericImpute: 'constant', numericFill: 7, categoricalImpute: 'mode', encoding: 'ordinal', rareMinFrequency: 0.1,
      maxCategories: 9, scaling: 'robust', pca: { variance: 0.9 }, addMissingIndicators: true,
    } as const;
    expect(resolvePreprocessSpec(spec)).toEqual(spec);
    // Extra keys of a stored PCA spec are not carried.
    expect(resolvePreprocessSpec({ pca: { k: 2, variance: 0.3 } as unknown as { k: number } }).pca).toEqual({ k: 2 });
  });
});
