import { describe, expect, it } from 'vitest';
import type { WindowAggregation } from '../../../../preload/contract/sensors';
import { Accumulator } from './accumulator';
import { Enricher } from './enrich';
import { planAggregates, windowFieldProblems, windowProblems } from './plan';

// Every refusal of a window spec by its whole message (the UI, the CLI and the worker show it as is), the
// aggregate plan, the enrichment lookup and the accumulator's own results: operator.test.ts reaches these
// only through whole windows, where a wrong bound or a dropped refusal can hide.

const base: WindowAggregation = {
  name: 'w',
  window: { kind: 'tumbling', sizeSeconds: 10 },
  timeField: 't',
  groupBy: ['k'],
  aggregates: [{ op: 'count' }],
};

describe('windowProblems', () => {
  it('accepts a plain spec and the bounds themselves', () => {
    expect(windowProblems(base)).toBeNull();
    expect(windowProblems({ ...base, window: { kind: 'sliding', sizeSeconds: 10, slideSeconds: 10 } })).toBeNull();
    expect(windowProblems({ ...base, window: { kind: 'sliding', sizeSeconds: 1000, slideSeconds: 1 } })).toBeNull();
    expect(windowProblems({ ...base, window: { kind: 'session', gapSeconds: 0.5 } })).toBeNull();
    expect(windowProblems({ ...base, aggregates: [{ op: 'percentile', field: 'x', percentile: 0 }, { op: 'percentile', field: 'x', percentile: 100 }] })).toBeNull();
    expect(windowProblems({ ...base, outOfOrderSeconds: 0, allowedLatenessSeconds: 0 })).toBeNull();
    expect(windowProblems({ ...base, groupBy: [], aggregates: [{ op: 'count' }, { op: 'count', field: 'x' }] })).toBeNull();
  });

  it('refuses each shape, naming the window and what to change', () => {
    expect(windowProblems({ ...base, window: { kind: 'tumbling', sizeSeconds: -1 } })).toBe('Window "w": its size must be a positive number of seconds.');
    expect(windowProblems({ ...base, window: { kind: 'tumbling', sizeSeconds: Infinity } })).toBe('Window "w": its size must be a positive number of seconds.');
    expect(windowProblems({ ...base, window: { kind: 'session', gapSeconds: 0 } })).toBe('Window "w": its gap must be a positive number of seconds.');
    expect(windowProblems({ ...base, window: { kind: 'sliding', sizeSeconds: 0, slideSeconds: 1 } })).toMatch(/its size must/);
    expect(windowProblems({ ...base, window: { kind: 'sliding', sizeSeconds: 10, slideSeconds: 0 } })).toBe('Window "w": the slide must be positive and at most the size (10 s).');
    expect(windowProblems({ ...base, window: { kind: 'sliding', sizeSeconds: 10, slideSeconds: 10.5 } })).toMatch(/at most the size \(10 s\)/);
    expect(windowProblems({ ...base, window: { kind: 'sliding', sizeSeconds: 1001, slideSeconds: 1 } })).toBe(
      'Window "w": size / slide is over 1,000 windows per event; use a longer slide.',
    );
  });

  it('refuses aggregates without what they need', () => {
    expect(windowProblems({ ...base, aggregates: [] })).toBe('Window "w": add at least one aggregate (count, sum, mean, min, max, pNN).');
    expect(windowProblems({ ...base, aggregates: [{ op: 'sum' }] })).toBe('Window "w": sum needs a field.');
    expect(windowProblems({ ...base, aggregates: [{ op: 'sum', field: '' }] })).toBe('Window "w": sum needs a field.');
    // The second aggregate is checked too, not only the first.
    expect(windowProblems({ ...base, aggregates: [{ op: 'count' }, { op: 'min' }] })).toBe('Window "w": min needs a field.');
    for (const percentile of [undefined, -0.5, 100.5])
      expect(windowProblems({ ...base, aggregates: [{ op: 'percentile', field: 'x', percentile }] })).toBe('Window "w": a percentile must be between 0 and 100.');
  });

  it('refuses negative or non-finite out-of-orderness and lateness, each', () => {
    const message = 'Window "w": out-of-orderness and lateness are seconds ≥ 0.';
    expect(windowProblems({ ...base, outOfOrderSeconds: -1 })).toBe(message);
    expect(windowProblems({ ...base, outOfOrderSeconds: NaN })).toBe(message);
    expect(windowProblems({ ...base, allowedLatenessSeconds: -0.001 })).toBe(message);
    expect(windowProblems({ ...base, allowedLatenessSeconds: Infinity })).toBe(message);
  });

  it('refuses two result columns with one name, a groupBy field included', () => {
    expect(windowProblems({ ...base, aggregates: [{ op: 'count' }, { op: 'count' }] })).toBe('Window "w": two result columns would both be called "count".');
    expect(windowProblems({ ...base, groupBy: ['mean_x'], aggregates: [{ op: 'mean', field: 'x' }] })).toBe('Window "w": two result columns would both be called "mean_x".');
    expect(windowProblems({ ...base, aggregates: [{ op: 'percentile', field: 'x', percentile: 50 }, { op: 'percentile', field: 'x', percentile: 50 }] })).toMatch(/"p50_x"/);
  });
});

describe('planAggregates', () => {
  it('lists each field once, in first-use order, marks those needing a percentile, and defaults q to the median', () => {
    const plan = planAggregates([
      { op: 'count' },
      { op: 'mean', field: 'b' },
      { op: 'percentile', field: 'a', percentile: 95 },
      { op: 'max', field: 'b' },
      { op: 'percentile', field: 'c' },
      { op: 'sum', field: 'a' },
    ]);
    expect(plan.fields).toEqual(['b', 'a', 'c']);
    expect(plan.quantiles).toEqual([false, true, true]);
    expect(plan.aggregates).toEqual([
      { op: 'count', field: -1, q: 0.5 },
      { op: 'mean', field: 0, q: 0.5 },
      { op: 'percentile', field: 1, q: 0.95 },
      { op: 'max', field: 0, q: 0.5 },
      { op: 'percentile', field: 2, q: 0.5 },
      { op: 'sum', field: 1, q: 0.5 },
    ]);
    expect(plan.names).toEqual(['count', 'mean_b', 'p95_a', 'max_b', 'p50_c', 'sum_a']);
  });
});

describe('windowFieldProblems', () => {
  const spec: WindowAggregation = { ...base, groupBy: ['site'], aggregates: [{ op: 'count' }, { op: 'mean', field: 'x' }], enrich: { datasetId: 1, on: 'sensor', key: 'id' } };

  it('is null when the stream or the enrichment has every field', () => {
    expect(windowFieldProblems(spec, ['t', 'x', 'sensor'], ['site'])).toBeNull();
    expect(windowFieldProblems({ ...base, timeField: undefined, groupBy: [] }, [])).toBeNull();
  });

  it('names each missing field once, and what the stream has', () => {
    expect(windowFieldProblems(spec, ['x', 'sensor'])).toBe('Window "w": no field "t", "site"; the stream has x, sensor.');
    expect(windowFieldProblems({ ...spec, aggregates: [{ op: 'mean', field: 'y' }, { op: 'max', field: 'y' }] }, ['t', 'sensor'], ['site'])).toBe(
      'Window "w": no field "y"; the stream has t, sensor, site.',
    );
    expect(windowFieldProblems(spec, ['t', 'x', 'site'])).toMatch(/no field "sensor";/);
  });
});

describe('Enricher', () => {
  it('takes every column but the key by default; the first row of a key wins; null keys are skipped', () => {
    const e = new Enricher({ datasetId: 1, on: 's', key: 'id' }, ['site', 'id', 'owner'], [
      ['n', 1, 'a'],
      ['m', 1, 'b'],
      ['s', null, 'c'],
      ['e', 2],
    ]);
    expect(e.columns).toEqual(['site', 'owner']);
    expect(e.size).toBe(2);
    expect(e.lookup(1)).toEqual(['n', 'a']);
    expect(e.lookup('2')).toEqual(['e', null]); // a short row's missing cell is null
    expect(e.lookup(null)).toBeNull();
    expect(e.lookup(undefined)).toBeNull();
    expect(e.lookup(3)).toBeNull();
    expect(e.lookup('null')).toBeNull();
  });

  it('refuses asked columns the dataset lacks, naming them', () => {
    expect(() => new Enricher({ datasetId: 1, on: 's', key: 'id', columns: ['site', 'zone', 'area'] }, ['id', 'site'], [])).toThrow(
      'Enrichment: the dataset has no column "zone", "area".',
    );
  });
});

describe('Accumulator', () => {
  const plan = planAggregates([
    { op: 'count' },
    { op: 'count', field: 'x' },
    { op: 'sum', field: 'x' },
    { op: 'mean', field: 'x' },
    { op: 'min', field: 'x' },
    { op: 'max', field: 'x' },
    { op: 'percentile', field: 'x', percentile: 25 },
    { op: 'sum', field: 'y' },
    { op: 'mean', field: 'y' },
    { op: 'min', field: 'y' },
    { op: 'max', field: 'y' },
    { op: 'percentile', field: 'y', percentile: 90 },
  ]);

  it('skips NaN, and gives null for an aggregate of nothing but 0 for its count and sum', () => {
    const a = new Accumulator(plan);
    a.add([3, NaN]);
    a.add([-2, NaN]);
    a.add([NaN, NaN]);
    a.add([7, NaN]);
    // np.percentile([3, -2, 7], 25) = 0.5
    expect(a.results()).toEqual([4, 3, 8, 8 / 3, -2, 7, 0.5, 0, null, null, null, null]);
  });

  it('merges counts, sums, extremes and kept values', () => {
    const a = new Accumulator(plan);
    const b = new Accumulator(plan);
    a.add([5, 1]);
    b.add([1, -4]);
    b.add([9, NaN]);
    a.merge(b);
    // np.percentile([5, 1, 9], 25) = 3; np.percentile([1, -4], 90) = 0.5
    expect(a.results()).toEqual([3, 3, 15, 5, 1, 9, 3, -3, -1.5, -4, 1, 0.5]);
    // Merging an empty accumulator changes nothing (its min is +∞, its max −∞).
    const before = a.results();
    a.merge(new Accumulator(plan));
    expect(a.results()).toEqual(before);
  });

  it("starts each field's min at +∞ and max at −∞, the first field too", () => {
    for (const [p, n] of [
      [5, -5],
      [-5, 5],
    ]) {
      const one = new Accumulator(planAggregates([{ op: 'min', field: 'p' }, { op: 'max', field: 'p' }, { op: 'min', field: 'n' }, { op: 'max', field: 'n' }]));
      one.add([p, n]);
      one.add([p * 1.2, n * 1.2]);
      expect(one.results()).toEqual([Math.min(p, p * 1.2), Math.max(p, p * 1.2), Math.min(n, n * 1.2), Math.max(n, n * 1.2)]);
    }
  });
});
