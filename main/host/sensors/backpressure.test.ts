import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../preload/contract/sensors';
import { Host } from '../host';
import { sharedData, tempDir, waitFor } from '../testing';
import { countTableRows, holdWriteLock, tableRows } from '../../../native-workers/project/inspect';

// A small queue so that a few seconds of a locked project overflow it (the default holds 200,000 readings).
process.env['ASSAY_STREAM_QUEUE_LIMIT'] = '3000';
const dir = tempDir('assay-backpressure-');
const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
afterAll(() => host.close());

describe('bounded queue', () => {
  it('counts and records every reading dropped while storage is blocked; never silent', async () => {
    const file = path.join(dir, 'bp.assay');
    host.newProject(file);
    const statuses: StreamStatus[] = [];
    host.push.subscribe((channel, payload) => {
      if (channel === 'stream:status') statuses.push(payload as StreamStatus);
    });
    const { streamId } = (await host.dispatch('stream:start', {
      name: 'fast',
      source: { kind: 'replay', path: path.join(sharedData, 'sensor_single_hop.csv'), rateHz: 0, loop: true },
    })) as { streamId: number };
    const latest = (): StreamStatus | undefined => statuses.at(-1);
    await waitFor(() => (latest()?.readings ?? 0) >= 1000, { what: '1000 readings stored' });
    // Another writer holds the project: the stream's flushes fail and its queue fills.
    const release = holdWriteLock(file);
    try {
      await waitFor(() => (latest()?.dropped ?? 0) > 0, { what: 'the stream to drop readings while storage is blocked' });
    } finally {
      release();
    }
    expect(latest()?.lastError).toMatch(/Storing readings failed/);
    await host.dispatch('stream:stop', { streamId });
    const final = latest();
    const db = host.currentProject?.db;
    if (!db || !final) throw new Error('no project');
    expect(final.state).toBe('stopped');
    expect(countTableRows(db, `st_${streamId}`)).toBe(final.readings);
    const drops = tableRows(db, 'stream_events', { columns: ['detail'], where: { stream_id: streamId, kind: 'drop' } }) as { detail: string }[];
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.reduce((sum, d) => sum + (JSON.parse(d.detail) as { count: number }).count, 0)).toBe(final.dropped);
  });
});
