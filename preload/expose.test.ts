import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipcPrefix, type InvokeChannel, type PushChannel } from './contract/channels';
import { AssayError } from './contract/errors';
import { createAssayApi, forContextBridge, type RendererIpc } from './expose';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(reply: (channel: string, payload: unknown) => unknown = () => ({ ok: true, result: null })) {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => reply(channel, args[0])),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
    }),
  } satisfies RendererIpc;
  const emit = (channel: string, payload: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, payload);
  };
  return { ipc, emit, listeners };
}

describe('createAssayApi', () => {
  it('refuses an undeclared channel without touching ipc', async () => {
    const { ipc } = fakeIpc();
    const api = createAssayApi(ipc);
    const err = await api.invoke('fs:readFile' as InvokeChannel, null as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssayError);
    expect((err as AssayError).code).toBe('UNKNOWN_CHANNEL');
    // Inherited properties are not channels either.
    await expect(api.invoke('toString' as InvokeChannel, null as never)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(() => api.on('evil' as PushChannel, () => undefined)).toThrow(/not a declared/);
    expect(ipc.invoke).not.toHaveBeenCalled();
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it('round-trips a declared channel under the prefix', async () => {
    const { ipc } = fakeIpc((channel, payload) => ({ ok: true, result: { channel, payload } }));
    const api = createAssayApi(ipc);
    const res = await api.invoke('dataset:rows', { datasetId: 1, offset: 0, limit: 10 });
    expect(res).toEqual({ channel: `${ipcPrefix}dataset:rows`, payload: { datasetId: 1, offset: 0, limit: 10 } });
    expect(ipc.invoke).toHaveBeenCalledWith('assay:dataset:rows', { datasetId: 1, offset: 0, limit: 10 });
  });

  it('revives an error envelope as an AssayError with its code and detail', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'NO_PROJECT', message: 'No project is open.', detail: 'd' } }));
    const err = await createAssayApi(ipc).invoke('run:list', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssayError);
    expect(err).toMatchObject({ code: 'NO_PROJECT', message: 'No project is open.', detail: 'd' });
  });

  it('turns a malformed reply or an ipc failure into INTERNAL', async () => {
    await expect(createAssayApi(fakeIpc(() => 42).ipc).invoke('job:list', null)).rejects.toMatchObject({ code: 'INTERNAL' });
    const broken = fakeIpc(() => {
      throw new Error("No handler registered for 'assay:job:list'");
    });
    await expect(createAssayApi(broken.ipc).invoke('job:list', null)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('gives push listeners the payload only, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = createAssayApi(ipc);
    const seen: unknown[][] = [];
    const off = api.on('menu:command', (...args: unknown[]) => seen.push(args));
    emit('assay:menu:command', { command: 'open' });
    expect(seen).toEqual([[{ command: 'open' }]]);
    off();
    emit('assay:menu:command', { command: 'new' });
    expect(seen).toHaveLength(1);
    expect(listeners.get('assay:menu:command')?.size).toBe(0);
  });

  it('offers pathForFile only when given one', () => {
    expect(createAssayApi(fakeIpc().ipc).pathForFile).toBeUndefined();
    const api = createAssayApi(fakeIpc().ipc, () => '/tmp/x.csv');
    expect(api.pathForFile?.({} as File)).toBe('/tmp/x.csv');
  });
});

describe('forContextBridge', () => {
  it('rejects with plain error data, which survives contextBridge whole', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'READ_ONLY', message: 'ro' } }));
    const err = await forContextBridge(createAssayApi(ipc)).invoke('dataset:delete', { datasetId: 1 }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(Error);
    expect(err).toEqual({ name: 'AssayError', code: 'READ_ONLY', message: 'ro' });
    expect(structuredClone(err)).toEqual(err);
  });
});

describe('preload/index.ts', () => {
  afterEach(() => {
    vi.resetModules();
    vi.doUnmock('electron');
  });

  it('exposes exactly one key, "assay", built on ipcRenderer', async () => {
    const exposeInMainWorld = vi.fn();
    const { ipc } = fakeIpc(() => ({ ok: true, result: 'pong' }));
    const getPathForFile = vi.fn(() => '/data/x.csv');
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: ipc, webUtils: { getPathForFile } }));
    await import('./index');
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('assay');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    const typed = api as unknown as ReturnType<typeof createAssayApi>;
    await expect(typed.invoke('app:info', null)).resolves.toBe('pong');
    expect(typed.pathForFile?.({} as File)).toBe('/data/x.csv');
    await expect(typed.invoke('shell:exec' as InvokeChannel, null as never)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });
});
