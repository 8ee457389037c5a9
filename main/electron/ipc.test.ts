import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { PushHub } from '../host/events';
import { electronModule, fake, FakeWebContents } from './fake-electron';
import { forwardPush, registerContract, type FrameCheck } from './ipc';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const ours = 'file:///app/dist/renderer/index.html';
const trusted: FrameCheck = (frame) => frame?.url === ours;

function call(channel: string, frameUrl: string | null, payload: unknown = null): Promise<unknown> {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const event = { senderFrame: frameUrl === null ? null : { url: frameUrl } };
  return Promise.resolve(handler(event, payload));
}

beforeEach(() => fake.reset());

describe('registerContract', () => {
  it('registers exactly the declared channels, prefixed', () => {
    registerContract(electronModule.ipcMain, vi.fn(), trusted);
    expect(fake.handlers.size).toBe(Object.keys(invokeChannels).length);
    for (const channel of Object.keys(invokeChannels)) expect(fake.handlers.has(`assay:${channel}`)).toBe(true);
  });

  it('answers a stranger frame (or none) with FORBIDDEN and never dispatches', async () => {
    const dispatch = vi.fn(async () => 'secret');
    registerContract(electronModule.ipcMain, dispatch, trusted);
    await expect(call('assay:project:open', 'https://evil.example/', { path: '/x.assay' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await expect(call('assay:app:info', null)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('dispatches a trusted call and wraps results and errors in envelopes', async () => {
    const dispatch = vi.fn(async (channel: string, payload: unknown) => {
      if (channel === 'run:list') throw new AssayError('NO_PROJECT', 'No project is open.');
      if (channel === 'job:list') throw new TypeError('boom');
      return { channel, payload };
    });
    registerContract(electronModule.ipcMain, dispatch, trusted);
    await expect(call('assay:dataset:profile', ours, { datasetId: 3 })).resolves.toEqual({
      ok: true,
      result: { channel: 'dataset:profile', payload: { datasetId: 3 } },
    });
    await expect(call('assay:app:info', ours, undefined)).resolves.toEqual({ ok: true, result: { channel: 'app:info', payload: null } });
    await expect(call('assay:run:list', ours)).resolves.toEqual({ ok: false, error: { code: 'NO_PROJECT', message: 'No project is open.' } });
    await expect(call('assay:job:list', ours)).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('unregisters everything it registered', () => {
    const off = registerContract(electronModule.ipcMain, vi.fn(), trusted);
    off();
    expect(fake.handlers.size).toBe(0);
  });
});

describe('forwardPush', () => {
  it('sends host events to the window under the prefix until it is destroyed', () => {
    const hub = new PushHub();
    const contents = new FakeWebContents();
    forwardPush(hub, contents);
    hub.emit('menu:command', { command: 'saveAs' });
    expect(contents.send).toHaveBeenCalledWith('assay:menu:command', { command: 'saveAs' });
    contents.emit('destroyed');
    hub.emit('project:changed', null);
    expect(contents.send).toHaveBeenCalledTimes(1);
  });

  it('does not send to a destroyed window', () => {
    const hub = new PushHub();
    const contents = new FakeWebContents();
    forwardPush(hub, contents);
    contents.destroyed = true;
    hub.emit('datasets:changed', []);
    expect(contents.send).not.toHaveBeenCalled();
  });
});
