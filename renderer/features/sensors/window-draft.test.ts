import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../../../preload/contract';
import { defaultWindowForm, describeWindow, mergeLatest, windowFromForm } from './window-draft';

const form = { ...defaultWindowForm(['temp', 'site'], 0), groupBy: 'site', field: 'temp' };

describe('the add-a-window form', () => {
  it('builds the aggregation it shows', () => {
    const made = windowFromForm(form, []);
    expect(made).toEqual({
      spec: {
        name: 'window 1',
        window: { kind: 'tumbling', sizeSeconds: 60 },
        groupBy: ['site'],
        aggregates: [{ op: 'count' }, { op: 'mean', field: 'temp' }, { op: 'max', field: 'temp' }, { op: 'percentile', field: 'temp', percentile: 95 }],
      },
    });
    if ('spec' in made) expect(describeWindow(made.spec)).toBe('tumbling 60 s by site: count, mean_temp, max_temp, p95_temp');
    expect(windowFromForm({ ...form, kind: 'sliding', size: '30', slide: '5', outOfOrder: '2', timeField: 'ts' }, [])).toMatchObject({
      spec: { window: { kind: 'sliding', sizeSeconds: 30, slideSeconds: 5 }, outOfOrderSeconds: 2, timeField: 'ts' },
    });
  });

  it('joins a dataset by key when asked, and says so', () => {
    const made = windowFromForm({ ...form, groupBy: 'region', enrichDataset: '4', enrichOn: 'site', enrichKey: 'site_id' }, []);
    expect(made).toMatchObject({ spec: { groupBy: ['region'], enrich: { datasetId: 4, on: 'site', key: 'site_id' } } });
    if ('spec' in made) expect(describeWindow(made.spec)).toBe('tumbling 60 s by region, joined with dataset 4 on site = site_id: count, mean_temp, max_temp, p95_temp');
    if ('spec' in made) expect(describeWindow(made.spec, () => 'sites')).toContain('joined with sites on site = site_id');
  });

  it('says what to fix', () => {
    expect(windowFromForm({ ...form, name: ' ' }, [])).toEqual({ problem: 'Name the window: it names its results dataset.' });
    expect(windowFromForm(form, ['window 1'])).toEqual({ problem: 'A window is already called "window 1".' });
    expect(windowFromForm({ ...form, kind: 'session', size: '0' }, [])).toEqual({ problem: 'The gap must be a positive number of seconds.' });
    expect(windowFromForm({ ...form, kind: 'sliding', slide: '90' }, [])).toEqual({ problem: 'The slide must be positive and at most the size.' });
    expect(windowFromForm({ ...form, ops: [] }, [])).toEqual({ problem: 'Pick at least one aggregate.' });
    expect(windowFromForm({ ...form, field: '' }, [])).toEqual({ problem: 'Pick the field to aggregate.' });
    expect(windowFromForm({ ...form, enrichDataset: '4', enrichOn: 'site' }, [])).toEqual({ problem: 'Enrichment: pick the event field and the dataset column it matches.' });
  });
});

describe('the live table of latest windows', () => {
  const row = (start: number, key: string, revision = 0, events = 1): WindowRow => ({ window: 'w', start, end: start + 10, key: [key], events, values: [events], revision });
  it('keeps the newest windows first, a revision replacing its row, up to the limit', () => {
    let rows = mergeLatest([], [row(0, 'a'), row(0, 'b'), row(10, 'a')]);
    rows = mergeLatest(rows, [row(0, 'a', 1, 5)]);
    expect(rows.map((r) => [r.start, r.key[0], r.events])).toEqual([
      [10, 'a', 1],
      [0, 'a', 5],
      [0, 'b', 1],
    ]);
    expect(mergeLatest(rows, [row(20, 'a')], 2).map((r) => r.start)).toEqual([20, 10]);
    expect(mergeLatest(rows, [{ ...row(0, 'a', 2, 7), start: -5, replaces: [0] }]).map((r) => [r.start, r.key[0]])).toEqual([
      [10, 'a'],
      [-5, 'a'],
      [0, 'b'],
    ]);
  });
});
