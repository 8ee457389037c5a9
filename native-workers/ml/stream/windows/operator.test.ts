import { describe, expect, it } from 'vitest';
import type { WindowAggregation } from '../../../../preload/contract/sensors';
import { Enricher } from './enrich';
import { WindowOperator, type WindowResult } from './operator';
import { windowProblems } from './plan';
import { RecordWindows } from './record-windows';
import { finalRows, runWindows } from './testing';

const tumbling10: WindowAggregation = {
  name: 'w',
  window: { kind: 'tumbling', sizeSeconds: 10 },
  timeField: 't',
  groupBy: ['k'],
  aggregates: [{ op: 'count' }, { op: 'sum', field: 'x' }],
};

function collect(spec: WindowAggregation) {
  const rows: WindowResult[] = [];
  const late: number[] = [];
  const op = new WindowOperator(spec, { result: (r) => rows.push(r), late: (e) => late.push(e.t) });
  return { op, rows, late };
}

describe('watermark, lateness and late events', () => {
  it('emits a window when the watermark reaches its end, not before', () => {
    const { op, rows } = collect({ ...tumbling10, outOfOrderSeconds: 2 });
    op.add(1000, ['a'], [1]);
    op.add(11_000, ['a'], [2]);
    expect(rows).toHaveLength(0); // watermark 9 s: [0, 10 s) may still get events
    op.add(12_000, ['a'], [3]);
    expect(rows).toEqual([{ start: 0, end: 10_000, key: ['a'], events: 1, values: [1, 1], revision: 0 }]);
  });

  it('a late event within the allowed lateness updates its window and emits the new result', () => {
    const { op, rows, late } = collect({ ...tumbling10, allowedLatenessSeconds: 5 });
    op.add(1000, ['a'], [1]);
    op.add(12_000, ['a'], [2]);
    op.add(9000, ['a'], [4]); // watermark 12 s < 10 s + 5 s
    expect(rows.map((r) => [r.start, r.values, r.revision])).toEqual([
      [0, [1, 1], 0],
      [0, [2, 5], 1],
    ]);
    expect(late).toHaveLength(0);
    expect(op.late).toBe(0);
  });

  it('past the lateness an event is counted late and kept, or only counted when dropped', () => {
    for (const mode of ['keep', 'drop'] as const) {
      const { op, rows, late } = collect({ ...tumbling10, allowedLatenessSeconds: 1, late: mode });
      op.add(1000, ['a'], [1]);
      op.add(12_000, ['a'], [2]);
      op.add(9000, ['a'], [4]); // watermark 12 s ≥ 10 s + 1 s
      op.flush();
      expect(op.late).toBe(1);
      expect(late).toEqual(mode === 'keep' ? [9000] : []);
      expect(rows.find((r) => r.start === 0)?.values).toEqual([1, 1]);
    }
  });

  it('a sliding window event is late only when every window it belongs to is past the lateness', () => {
    const { op, rows } = collect({ ...tumbling10, window: { kind: 'sliding', sizeSeconds: 10, slideSeconds: 5 } });
    op.add(1000, ['a'], [1]);
    op.add(14_000, ['a'], [1]); // closes [-5, 5) and [0, 10)
    op.add(8000, ['a'], [1]); // in [0, 10) (closed) and [5, 15) (open)
    op.flush();
    expect(op.late).toBe(0);
    expect(rows.find((r) => r.start === 5000)?.events).toBe(2);
    expect(rows.find((r) => r.start === 0)?.events).toBe(1);
  });

  it('a session bridged by a late event within lateness merges into one, emitted again', () => {
    const spec: WindowAggregation = { ...tumbling10, window: { kind: 'session', gapSeconds: 3 }, allowedLatenessSeconds: 10 };
    const { op, rows } = collect(spec);
    op.add(0, ['a'], [1]);
    op.add(5000, ['a'], [1]);
    op.add(9000, ['a'], [1]); // watermark 9 s closes [0, 3 s)
    op.add(2500, ['a'], [1]); // within 3 s of both 0 and 5 s: one session [0, 8 s)
    op.flush();
    const last = rows.filter((r) => r.start === 0).at(-1);
    expect(last).toMatchObject({ start: 0, end: 8000, events: 3 });
    expect(last?.revision).toBeGreaterThan(0);
  });

  it('merging two emitted sessions names the row it supersedes', () => {
    const spec: WindowAggregation = { ...tumbling10, window: { kind: 'session', gapSeconds: 3 }, allowedLatenessSeconds: 20 };
    const { op, rows } = collect(spec);
    op.add(0, ['a'], [1]);
    op.add(5000, ['a'], [1]);
    op.add(20_000, ['a'], [1]); // both [0, 3 s) and [5 s, 8 s) emitted
    op.add(2500, ['a'], [1]);
    expect(rows.at(-1)).toMatchObject({ start: 0, end: 8000, events: 3, replaces: [5000] });
    op.flush();
    expect(finalRows(rows).map((r) => [r.start, r.events])).toEqual([
      [0, 3],
      [20_000, 1],
    ]);
  });

  it('holds state only for open windows: a long in-order stream keeps a handful of groups', () => {
    const { op, rows } = collect({ ...tumbling10, outOfOrderSeconds: 5 });
    let most = 0;
    for (let i = 0; i < 100_000; i++) {
      op.add(i * 100, [`k${i % 50}`], [i]);
      most = Math.max(most, op.groups);
    }
    // At most two 10 s windows are open at once (5 s of out-of-orderness), 50 keys each.
    expect(most).toBeLessThanOrEqual(100);
    op.flush();
    expect(op.groups).toBe(0);
    expect(rows.reduce((n, r) => n + r.events, 0)).toBe(100_000);
  });

  it('a refused spec says what to change', () => {
    expect(windowProblems({ ...tumbling10, window: { kind: 'tumbling', sizeSeconds: 0 } })).toMatch(/size must be a positive/);
    expect(windowProblems({ ...tumbling10, window: { kind: 'sliding', sizeSeconds: 5, slideSeconds: 10 } })).toMatch(/at most the size/);
    expect(windowProblems({ ...tumbling10, aggregates: [{ op: 'mean' }] })).toMatch(/mean needs a field/);
    expect(windowProblems({ ...tumbling10, aggregates: [{ op: 'percentile', field: 'x', percentile: 120 }] })).toMatch(/between 0 and 100/);
    expect(windowProblems({ ...tumbling10, aggregates: [{ op: 'max', field: 'x' }, { op: 'max', field: 'x' }] })).toMatch(/"max_x"/);
    expect(() => new WindowOperator({ ...tumbling10, aggregates: [] }, { result: () => undefined })).toThrow(/at least one aggregate/);
  });
});

describe('records, enrichment and event time', () => {
  it('joins a stored dataset by key before grouping, and reads a time field in seconds or ISO text', () => {
    const sites = new Enricher({ datasetId: 1, on: 'sensor', key: 'id', columns: ['site'] }, ['id', 'site', 'owner'], [
      [7, 'north', 'x'],
      ['8', 'south', 'y'],
    ]);
    const rows: WindowResult[] = [];
    const w = new RecordWindows({ ...tumbling10, groupBy: ['site'], aggregates: [{ op: 'count' }, { op: 'mean', field: 'x' }] }, { result: (r) => rows.push(r) }, sites);
    w.add(0, { t: 1.5, sensor: '7', x: 1 });
    w.add(0, { t: 2, sensor: 8, x: 3 });
    w.add(0, { t: 3, sensor: 7, x: 5 });
    w.add(0, { t: 4, sensor: 9, x: 7 }); // not in the dataset: its own group, site null
    w.add(0, { sensor: 7, x: 1 }); // no event time
    w.add(0, { t: 'soon', sensor: 7, x: 1 }); // not a time either
    w.add(0, { t: '1970-01-01T00:00:05Z', sensor: 7, x: 3 }); // ISO text: 5 s
    w.operator.flush();
    expect(w.untimed).toBe(2);
    expect(rows.map((r) => [r.start, r.key, r.values])).toEqual([
      [0, ['north'], [3, 3]],
      [0, ['south'], [1, 3]],
      [0, [null], [1, 7]],
    ]);
  });

  it('refuses an enrichment key the dataset lacks, naming its columns', () => {
    expect(() => new Enricher({ datasetId: 1, on: 'sensor', key: 'sensor_id' }, ['id', 'site'], [])).toThrow(/no column "sensor_id"; its columns are id, site/);
  });

  it('numbers and text stay different keys, and nulls are skipped by the aggregates', () => {
    const run = runWindows({ ...tumbling10, groupBy: ['k'], aggregates: [{ op: 'count' }, { op: 'count', field: 'x' }, { op: 'mean', field: 'x' }, { op: 'min', field: 'x' }] }, [
      { t: 1, k: 1, x: null },
      { t: 1, k: '1', x: 'n/a' },
      { t: 2, k: 1, x: '4' },
    ]);
    expect(run.final.map((r) => [r.key, r.values])).toEqual([
      [['1'], [1, 0, null, null]],
      [[1], [2, 1, 4, 4]],
    ]);
  });
});
