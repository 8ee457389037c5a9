import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetCells, storedRowsSoFar, tableRows } from '../../native-workers/project/inspect';
import { openDatabase } from '../../native-workers/project/open';
import { sharedData, tempDir } from '../host/testing';
import fs from 'node:fs';
import { enrichFromFlag, parseDuration, resolveEnrich, windowFromFlags } from './window-flags';
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
    expect(enrichFromFlag('site info:v1:site=site_id')).toEqual({ dataset: 'site info:v1', on: 'site', key: 'site_id' });
    expect(() => enrichFromFlag('sites')).toThrow(/--enrich takes DATASET:FIELD=COLUMN/);
    expect(() => enrichFromFlag('sites:site')).toThrow(/--enrich takes DATASET:FIELD=COLUMN/);
    expect(() => windowFromFlags({ enrich: 'sites:site=id' })).toThrow('--enrich needs --window');
    const datasets = [{ id: 3, name: 'sites', status: 'ready' }];
    expect(resolveEnrich({ dataset: '3', on: 'a', key: 'b' }, datasets)).toEqual({ datasetId: 3, on: 'a', key: 'b' });
    expect(() => resolveEnrich({ dataset: 'nope', on: 'a', key: 'b' }, datasets)).toThrow('--enrich: no dataset "nope" in this project; its datasets are "sites" (3)');
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
      expect(storedRowsSoFar(db, ds.id)).toBe(out.windowRows);
      // Column 3 is "events": across windows and motes, each reading exactly once.
      const events = datasetCells(db, ds.id, [3]).reduce((n: number, [c]) => n + (c as number), 0);
      expect(events + out.late).toBe(18914);
      const [late] = tableRows(db, 'datasets', { columns: ['row_count'], where: { name: 'motes · per minute · late' } }) as { row_count: number }[];
      expect(late.row_count).toBe(out.late);
    } finally {
      db.close();
    }
  });

  it('enriches each reading from a stored dataset by key: the window groups by a column only the dataset holds', async () => {
    const dir = tempDir('assay-record-enrich-');
    const env = cliEnv(dir);
    const project = path.join(dir, 'e.assay');
    const lookup = path.join(dir, 'motes.csv');
    // Motes 1 and 2 stand indoors in the north, 3 and 4 in the south.
    fs.writeFileSync(lookup, 'mote,region\n1,north\n2,north\n3,south\n4,south\n');
    expect((await runCliAsync(['new', project], env)).code).toBe(0);
    const imported = await runCliAsync(['import', project, lookup, '--name', 'motes'], env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const csv = path.join(sharedData, 'sensor_single_hop.csv');
    const args = ['record', project, '--replay', csv, '--rate', '0', '--name', 'motes live', '--json'];
    args.push('--window', 'session:1000000s', '--group-by', 'region', '--agg', 'count', '--window-name', 'by region', '--enrich', 'motes:mote_id=mote');
    const res = await runCliAsync(args, env);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { readings: number };
    // Counted by hand from the file: readings per region.
    const perMote = new Map<string, number>();
    for (const line of fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1)) {
      const mote = line.split(',')[1];
      perMote.set(mote, (perMote.get(mote) ?? 0) + 1);
    }
    const expected = { north: (perMote.get('1') ?? 0) + (perMote.get('2') ?? 0), south: (perMote.get('3') ?? 0) + (perMote.get('4') ?? 0) };
    expect(out.readings).toBe(expected.north + expected.south);
    const db = openDatabase(project, { readonly: true });
    try {
      const [ds] = tableRows(db, 'datasets', { columns: ['id'], where: { name: 'motes live · by region' } }) as { id: number }[];
      const rows = datasetCells(db, ds.id, [2, 3]).map(([region, count]) => [String(region), Number(count)]);
      expect(Object.fromEntries(rows)).toEqual(expected);
    } finally {
      db.close();
    }
    const missing = await runCliAsync([...args.slice(0, -2), '--enrich', 'sites:mote_id=mote'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--enrich: no dataset "sites" in this project; its datasets are "motes" \(1\)/);
  });
});
