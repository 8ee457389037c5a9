import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from '../host';
import { tempDir } from '../testing';

const dir = tempDir();

describe('the one "no project open" guard', () => {
  it('gives every handler that needs a project the same refusal', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      // One channel per service, and the host's own.
      const calls: [string, unknown][] = [
        ['dataset:rows', { datasetId: 1, offset: 0, limit: 10 }],
        ['profile:start', { datasetId: 1 }],
        ['import:start', { source: { kind: 'path', path: path.join(dir, 'x.csv') } }],
        ['train:list', null],
        ['registry:list', null],
        ['rules:get', { datasetId: 1 }],
        ['recipe:get', { datasetId: 1 }],
        ['privacy:scan', { datasetId: 1 }],
        ['watch:add', { path: dir }],
        ['source:connections', null],
        ['stream:history', { streamId: 1 }],
        ['serve:models', null],
        ['export:start', { model: 'm', to: dir }],
        ['images:list', { setId: 1, offset: 0, limit: 10 }],
        ['run:list', null],
        ['lineage:list', { datasetId: 1 }],
        ['project:saveAs', { path: path.join(dir, 'copy.assay') }],
      ];
      const refusals = await Promise.all(
        calls.map(async ([channel, req]) => {
          const err = (await host.dispatch(channel, req).then(
            () => null,
            (e: unknown) => e,
          )) as { code?: string; message?: string } | null;
          return { channel, code: err?.code, message: err?.message };
        }),
      );
      const expected = { code: 'NO_PROJECT', message: 'No project is open. Create or open a project first.' };
      expect(refusals).toEqual(calls.map(([channel]) => ({ channel, ...expected })));
      // Lists that make sense without a project stay empty instead.
      for (const channel of ['dataset:list', 'stream:list', 'images:sets']) expect(await host.dispatch(channel, null)).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
