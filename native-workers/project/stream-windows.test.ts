import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../../preload/contract/sensors';
import { tempDir } from '../../main/host/testing';
import { getDataset, readRows } from './datasets';
import { ProjectStore } from './store';
import { lateRowWriter, lookupDataset, openWindowDataset, windowRowWriter } from './stream-windows';
import { datasetStorage } from './columns/chunk-store';
import { storeAs } from './columns/testing';

const shape = { streamId: 1, streamName: 'plant', window: 'w', keys: ['site'], aggregates: ['count', 'mean_x'] };
const row = (start: number, site: string, events: number, revision = 0, replaces?: number[]): WindowRow => ({
  window: 'w',
  start,
  end: start + 10_000,
  key: [site],
  events,
  values: [events, events / 2],
  revision,
  ...(replaces ? { replaces } : {}),
});

describe('window results as a dataset', () => {
  it('appends first rows, rewrites a revised row in place, drops the rows a merged session supersedes', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'windows.assay'));
    const db = store.db;
    const ds = openWindowDataset(db, shape, row(0, 'north', 1));
    expect(ds.name).toBe('plant · w');
    const write = windowRowWriter(db, ds.id, 1, 2);
    write([row(0, 'north', 2), row(0, 'south', 3), row(10_000, 'north', 4)]);
    write([row(0, 'south', 5, 1)]);
    const cells = (): unknown[][] => readRows(db, ds.id, 0, 100).rows.map((r) => [r[0], r[2], r[3], r[6]]);
    expect(cells()).toEqual([
      ['1970-01-01T00:00:00.000Z', 'north', 2, 0],
      ['1970-01-01T00:00:00.000Z', 'south', 5, 1],
      ['1970-01-01T00:00:10.000Z', 'north', 4, 0],
    ]);
    // A late event merged north's two sessions into one starting at 0: the one at 10 s goes.
    write([row(0, 'north', 7, 1, [10_000])]);
    expect(cells()).toEqual([
      ['1970-01-01T00:00:00.000Z', 'north', 7, 1],
      ['1970-01-01T00:00:00.000Z', 'south', 5, 1],
    ]);
    expect(getDataset(db, ds.id).rowCount).toBe(2);
    expect(getDataset(db, ds.id).columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'window_start:datetime',
      'window_end:datetime',
      'site:categorical',
      'events:integer',
      'count:number',
      'mean_x:number',
      'revision:integer',
    ]);
    // The same stream and window started again appends to the same dataset.
    expect(openWindowDataset(db, shape, row(0, 'north', 1)).id).toBe(ds.id);
    const late = lateRowWriter(db, shape, ['x'], { t: 5, key: ['north'], values: [1.5] });
    late([{ t: 5, key: ['north'], values: [1.5] }]);
    const lateSet = getDataset(db, ds.id + 1);
    expect(lateSet.name).toBe('plant · w · late');
    expect(readRows(db, ds.id + 1, 0, 10).rows).toEqual([['1970-01-01T00:00:00.005Z', 'north', 1.5]]);
    store.close();
  });

  it('reads results stored as column chunks for look-ups, and a restarted stream turns them back into a row table to update in place', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'windows-columns.assay'));
    const db = store.db;
    const ds = openWindowDataset(db, shape, row(0, 'north', 1));
    windowRowWriter(db, ds.id, 1, 2)([row(0, 'north', 2), row(0, 'south', 3), row(10_000, 'north', 4)]);
    const asRows = lookupDataset(db, ds.id);
    storeAs(db, ds.id, 'columns');
    expect(lookupDataset(db, ds.id)).toEqual(asRows);

    expect(openWindowDataset(db, shape, row(0, 'north', 1)).id).toBe(ds.id);
    expect(datasetStorage(db, ds.id)).toBe('rows');
    const write = windowRowWriter(db, ds.id, 1, 2);
    write([row(0, 'south', 5, 1), row(20_000, 'south', 1)]);
    write([row(0, 'north', 7, 1, [10_000])]);
    expect(readRows(db, ds.id, 0, 100).rows.map((r) => [r[0], r[2], r[3], r[6]])).toEqual([
      ['1970-01-01T00:00:00.000Z', 'north', 7, 1],
      ['1970-01-01T00:00:00.000Z', 'south', 5, 1],
      ['1970-01-01T00:00:20.000Z', 'south', 1, 0],
    ]);
    expect(getDataset(db, ds.id).rowCount).toBe(3);
    store.close();
  });
});
