// #19.3: a stream's windowed aggregations run in its worker, store their results (and kept late
// events) as datasets, enrich by a stored dataset, and send their rows with the live frames.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveFrame, StreamStatus, WindowAggregation, WindowRow } from '../../../preload/contract/sensors';
import type { DatasetSummary, RowPage } from '../../../preload/contract/types';
import { Host } from '../host';
import { tempDir, waitFor } from '../testing';

const dir = tempDir('assay-windows-');
const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
host.newProject(path.join(dir, 'w.assay'));
afterAll(() => host.close());
const statuses: StreamStatus[] = [];
const frames: LiveFrame[] = [];
host.push.subscribe((channel, payload) => {
  if (channel === 'stream:status') statuses.push(payload as StreamStatus);
  if (channel === 'stream:frame') frames.push(payload as LiveFrame);
});

const base = Date.UTC(2026, 0, 1);
/** 2,000 readings 50 ms apart from 4 sensors, one 1.5 s out of order (within 2 s) and one 60 s late. */
const readings: [number, number, number][] = [];
for (let i = 0; i < 2000; i++) readings.push([base + i * 50, (i % 4) + 1, Math.round(Math.sin(i / 10) * 1000) / 100 + i / 100]);
readings.splice(1200, 0, [base + 1200 * 50 - 1500, 2, 7.5]);
const lateReading: [number, number, number] = [base + 30_000, 3, 99];
readings.splice(1800, 0, lateReading);
const csv = path.join(dir, 'readings.csv');
fs.writeFileSync(csv, `t,sensor,x\n${readings.map((r) => r.join(',')).join('\n')}\n`);
const sites = path.join(dir, 'sites.csv');
fs.writeFileSync(sites, 'id,site\n1,north\n2,north\n3,south\n4,south\n');

async function importSites(): Promise<number> {
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: sites }, name: 'sites' })) as { jobId: string };
  await host.jobs.wait(jobId);
  const list = (await host.dispatch('dataset:list', null)) as DatasetSummary[];
  const ds = list.find((d) => d.name === 'sites');
  if (!ds) throw new Error('sites not imported');
  return ds.id;
}

async function rowsOf(name: string): Promise<RowPage> {
  const list = (await host.dispatch('dataset:list', null)) as DatasetSummary[];
  const ds = list.find((d) => d.name === name);
  if (!ds) throw new Error(`no dataset "${name}"; have ${list.map((d) => d.name).join(', ')}`);
  return (await host.dispatch('dataset:rows', { datasetId: ds.id, offset: 0, limit: 5000 })) as RowPage;
}

describe('windowed aggregations in a live stream', () => {
  it('stores per-window, per-site results by event time, keeps the late reading apart, sends rows live, and survives a pipeline edit', async () => {
    const sitesId = await importSites();
    const window: WindowAggregation = {
      name: 'by site',
      window: { kind: 'tumbling', sizeSeconds: 10 },
      timeField: 't',
      groupBy: ['site'],
      aggregates: [{ op: 'count' }, { op: 'mean', field: 'x' }, { op: 'percentile', field: 'x', percentile: 95 }],
      outOfOrderSeconds: 2,
      late: 'keep',
      enrich: { datasetId: sitesId, on: 'sensor', key: 'id', columns: ['site'] },
    };
    const { streamId } = (await host.dispatch('stream:start', {
      name: 'plant',
      source: { kind: 'replay', path: csv, rateHz: 500 },
      protocol: { kind: 'csv', delimiter: ',', header: true },
      fields: [{ name: 't' }, { name: 'sensor' }, { name: 'x' }],
      pipeline: { validation: [], transforms: [], analytics: [], windows: [window] },
    })) as { streamId: number };
    // A pipeline edit mid-stream that leaves the window as it was must not cut its open windows short.
    await waitFor(() => statuses.some((s) => s.streamId === streamId && s.readings > 300), { what: 'some readings', timeoutMs: 30_000 });
    await host.dispatch('stream:pipeline', { streamId, pipeline: { validation: [{ kind: 'range', field: 'x', max: 1000 }], transforms: [], analytics: [], windows: [window] } });
    await waitFor(() => statuses.some((s) => s.streamId === streamId && s.state === 'stopped'), { what: 'the replay to end', timeoutMs: 60_000 });

    // What the windows must hold, computed here from the readings: the late one left out.
    const want = new Map<string, number[]>();
    for (const r of readings) {
      if (r === lateReading) continue;
      const id = `${new Date(Math.floor((r[0] - 0) / 10_000) * 10_000).toISOString()}|${r[1] <= 2 ? 'north' : 'south'}`;
      want.set(id, [...(want.get(id) ?? []), r[2]]);
    }
    const page = await rowsOf('plant · by site');
    expect(page.columns.map((c) => c.name)).toEqual(['window_start', 'window_end', 'site', 'events', 'count', 'mean_x', 'p95_x', 'revision']);
    expect(page.total).toBe(want.size);
    for (const row of page.rows) {
      const xs = want.get(`${row[0] as string}|${row[2] as string}`);
      expect(xs, `window ${row[0] as string} ${row[2] as string}`).toBeDefined();
      const sorted = [...(xs ?? [])].sort((a, b) => a - b);
      const h = (sorted.length - 1) * 0.95;
      const p95 = sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.ceil(h)] - sorted[Math.floor(h)]);
      expect(row[3]).toBe(sorted.length);
      expect(row[5] as number).toBeCloseTo(sorted.reduce((a, b) => a + b, 0) / sorted.length, 9);
      expect(row[6] as number).toBeCloseTo(p95, 9);
    }

    const late = await rowsOf('plant · by site · late');
    expect(late.rows).toEqual([[new Date(lateReading[0]).toISOString(), 'south', 99]]);
    const last = statuses.filter((s) => s.streamId === streamId).at(-1);
    expect(last).toMatchObject({ late: 1, windowRows: want.size });

    const live = frames.filter((f) => f.streamId === streamId).flatMap((f) => f.windows ?? []) as WindowRow[];
    expect(live).toHaveLength(want.size);
    expect(live[0]).toMatchObject({ window: 'by site', revision: 0, key: [expect.stringMatching(/north|south/)] });
  });

  it('refuses a window over a field the stream does not have, or an enrichment dataset that is not there', async () => {
    const start = (windows: WindowAggregation[]) =>
      host.dispatch('stream:start', {
        name: 'bad',
        source: { kind: 'replay', path: csv, rateHz: 0 },
        protocol: { kind: 'csv', delimiter: ',', header: true },
        fields: [{ name: 't' }, { name: 'sensor' }, { name: 'x' }],
        pipeline: { validation: [], transforms: [], analytics: [], windows },
      });
    const w: WindowAggregation = { name: 'w', window: { kind: 'tumbling', sizeSeconds: 60 }, groupBy: ['line'], aggregates: [{ op: 'count' }] };
    await expect(start([w])).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'Window "w": no field "line"; the stream has t, sensor, x.' });
    await expect(start([{ ...w, groupBy: [], enrich: { datasetId: 999, on: 'sensor', key: 'id' } }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(start([{ ...w, groupBy: [], window: { kind: 'session', gapSeconds: -1 } }])).rejects.toMatchObject({ message: expect.stringMatching(/gap must be a positive/) });
  });
});
