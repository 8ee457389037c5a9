// #15.8 for streams: replaying a FIFO or a device would hold the stream worker (and its job) forever.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReplaySource } from '../../../native-workers/streams/replay-source';
import { Host } from '../host';
import { tempDir } from '../testing';

const dir = tempDir('assay-replay-file-');
const fifo = path.join(dir, 'pipe.csv');
spawnSync('mkfifo', [fifo]);
const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
host.newProject(path.join(dir, 'p.assay'));
afterAll(() => host.close());

describe('replay refuses what is not a regular file', () => {
  it('stream:start names a FIFO or a device for what it is, before any stream or run is made', async () => {
    for (const [file, what] of [
      [fifo, 'a named pipe \\(FIFO\\)'],
      ['/dev/zero', 'a device'],
      [dir, 'a folder'],
    ] as const) {
      await expect(host.dispatch('stream:start', { name: 'x', source: { kind: 'replay', path: file } })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringMatching(new RegExp(`^Cannot replay .+: it is ${what}, not a regular file\\.$`)),
      });
    }
    expect(await host.dispatch('stream:list', null)).toEqual([]);
  });

  it('the replay source itself refuses a FIFO at start rather than waiting for a writer', async () => {
    const source = createReplaySource({ kind: 'replay', path: fifo }, { binary: false });
    const events = { onState: () => undefined, onMessage: () => undefined, onGap: () => undefined };
    await expect(source.start(events)).rejects.toThrow(/Cannot replay .*pipe\.csv: it is a named pipe \(FIFO\), not a regular file/);
  });
});
