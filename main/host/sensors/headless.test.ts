import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveFrame, StreamConfig } from '../../../preload/contract/sensors';
import { countTableRows } from '../../../native-workers/project/inspect';
import { Host } from '../host';
import { tempDir } from '../testing';

const dir = tempDir('assay-headless-');
const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
afterAll(() => host.close());

describe('a headless stream (assay record)', () => {
  it('stores every reading but builds no live-plot frames; the same stream drawn gets them', async () => {
    host.newProject(path.join(dir, 'h.assay'));
    const frames: LiveFrame[] = [];
    host.push.subscribe((channel, payload) => {
      if (channel === 'stream:frame') frames.push(payload as LiveFrame);
    });
    const csv = path.join(dir, 'h.csv');
    fs.writeFileSync(csv, `seq,temp\n${Array.from({ length: 300 }, (_, i) => `${i},${20 + (i % 10) / 10}`).join('\n')}\n`);
    const config = (name: string): StreamConfig => ({ name, source: { kind: 'replay', path: csv, rateHz: 3000 } });
    const stored = async (headless: boolean): Promise<{ rows: number; frames: number }> => {
      frames.length = 0;
      const { streamId, jobId } = await host.sensors.start(config(headless ? 'headless' : 'drawn'), { headless });
      await host.jobs.wait(jobId);
      const db = host.currentProject?.db;
      if (!db) throw new Error('no project open');
      return { rows: countTableRows(db, `st_${streamId}`), frames: frames.filter((f) => f.streamId === streamId).reduce((n, f) => n + f.t.length, 0) };
    };
    expect(await stored(true)).toEqual({ rows: 300, frames: 0 });
    expect(await stored(false)).toEqual({ rows: 300, frames: 300 });
  });
});
