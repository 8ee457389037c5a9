import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countTableRows, tableCells, tableRows } from '../../native-workers/project/inspect';
import { openDatabase } from '../../native-workers/project/open';
import { sharedData, tempDir } from '../host/testing';
import { parseDuration, windowFromFlags } from './window-flags';
import { cliEnv, runCliAsync } from './testing';

describe('assay record --window flags', () => {
  it('reads the window, keys and aggregates as the issue writes them', () => {
    expect(windowFromFlags({ window: 'tumbling:60s', 'group-by': ['mote_id'], agg: ['count,mean:temperature', 'p95:temperature'] })).toEqual({
      name: 'tumbling:60s',
      window: { kind: 'tumbling', sizeSeconds: 60 },
      groupBy: ['mote_id'],
      aggregates: [{ op: 'count' }, { op: 'mean', field: 'temperature' }, { op: 'percentile', field: 'temperature', percentile: 95 }],
    });
    expect(windowFromFlags({ window: 'sliding:1m/10s', agg: ['max:x'], 'out-of-order': '500ms', lateness: '2h', late: 'drop', 'time-field': 't' })).toMatchObject({
      window: { kind: 'sliding', sizeSeconds: 60, slideSeconds: 10 },
      outOfOrderSeconds: 0.5,
      allowedLatenessSeconds: 7200,
      late: 'drop',
      timeField: 't',
    });
    expect(windowFromFlags({ window: 'session:30', agg: ['count'] })?.window).toEqual({ kind: 'session', gapSeconds: 30 });
    expect(windowFromFlags({})).toBeNull();
  });

  it('refuses what is half given or wrong, saying what to write', () => {
    expect(() => windowFromFlags({ agg: ['count'] })).toThrow('--agg needs --window');
    expect(() => windowFromFlags({ window: 'tumbling:60s' })).toThrow(/--window needs --agg, e\.g\./);
    expect(() => windowFromFlags({ window: 'hopping:60s', agg: ['count'] })).toThrow(/tumbling:SIZE, sliding:SIZE\/SLIDE or session:GAP/);
    expect(() => windowFromFlags({ window: 'sliding:60s', agg: ['count'] })).toThrow(/sliding:60s\/10s/);
    expect(() => windowFromFlags({ window: 'tumbling:60s', agg: ['median:x'] })).toThrow(/count, sum, mean, min, max or pNN/);
    expect(() => windowFromFlags({ window: 'tumbling:60s', agg: ['p95'] })).toThrow('--agg p95 needs a field: p95:COL');
    expect(() => windowFromFlags({ window: 'sliding:10s/60s', agg: ['count'] })).toThrow(/at most the size/);
    expect(() => parseDuration('--lateness', '5 minutes')).toThrow(/such as 60s/);
  });

  it('records a replay with a 60 s tumbling window per mote: each reading counted once, in a window or as late', async () => {
    const dir = tempDir('assay-record-window-');
    const project = path.join(dir, 'w.assay');
    const args = ['record', project, '--replay', path.join(sharedData, 'sensor_single_hop.csv'), '--rate', '0', '--name', 'motes', '--json'];
    // The reading counter as event time, in seconds: it restarts for each mote, so the later motes'
    // first readings fall behind the watermark and are late.
    args.push('--window', 'tumbling:60s', '--time-field', 'reading', '--group-by', 'mote_id', '--agg', 'count,mean:temperature,p95:temperature', '--window-name', 'per minute');
    const res = await runCliAsync(args, cliEnv(dir));
    expect(res.stderr).toBe(`assay: replaying ${path.join(sharedData, 'sensor_single_hop.csv')}\n`);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { readings: number; windowRows: number; late: number };
    expect(out.readings).toBe(18914);
    expect(out.late).toBeGreaterThan(0);
    const db = openDatabase(project, { readonly: true });
    try {
      const [ds] = tableRows(db, 'datasets', { columns: ['id', 'row_count'], where: { name: 'motes · per minute' } }) as { id: number; row_count: number }[];
      expect(ds.row_count).toBe(out.windowRows);
      expect(countTableRows(db, `ds_${ds.id}`)).toBe(out.windowRows);
      // Column 3 is "events": across windows and motes, each reading exactly once.
      const events = tableCells(db, `ds_${ds.id}`, { columns: ['c3'] }).reduce((n: number, [c]) => n + (c as number), 0);
      expect(events + out.late).toBe(18914);
      const [late] = tableRows(db, 'datasets', { columns: ['row_count'], where: { name: 'motes · per minute · late' } }) as { row_count: number }[];
      expect(late.row_count).toBe(out.late);
    } finally {
      db.close();
    }
  });
});
