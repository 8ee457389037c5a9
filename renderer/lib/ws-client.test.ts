import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AssayError } from '../../preload/contract';
import { WsClient, type SocketLike } from './ws-client';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; channel: string; payload: unknown }[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as { id: number; channel: string; payload: unknown });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  reply(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

describe('WsClient', () => {
  let sockets: FakeSocket[];
  let client: WsClient;
  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    client = new WsClient('ws://test/ws', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
  });
  afterEach(() => vi.useRealTimers());

  it('queues calls until open, then matches replies by id', async () => {
    const a = client.invoke('dataset:list', null);
    const b = client.invoke('job:list', null);
    expect(sockets[0].sent).toHaveLength(0);
    sockets[0].open();
    expect(sockets[0].sent.map((m) => m.channel)).toEqual(['dataset:list', 'job:list']);
    const [first, second] = sockets[0].sent;
    sockets[0].reply({ id: second.id, ok: true, result: ['jobs'] });
    sockets[0].reply({ id: first.id, ok: true, result: ['datasets'] });
    await expect(a).resolves.toEqual(['datasets']);
    await expect(b).resolves.toEqual(['jobs']);
  });

  it('revives errors into AssayError', async () => {
    sockets[0].open();
    const call = client.invoke('import:start', { source: { kind: 'path', path: '/x.csv' } });
    sockets[0].reply({ id: sockets[0].sent[0].id, ok: false, error: { code: 'READ_ONLY', message: 'no', detail: 'why' } });
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssayError);
    expect((err as AssayError).code).toBe('READ_ONLY');
    expect((err as AssayError).detail).toBe('why');
  });

  it('dispatches pushes to listeners of that channel only', () => {
    sockets[0].open();
    const progress = vi.fn();
    const update = vi.fn();
    const off = client.on('job:progress', progress);
    client.on('job:update', update);
    sockets[0].reply({ push: 'job:progress', payload: { jobId: 'j', progress: { value: 0.5 } } });
    expect(progress).toHaveBeenCalledWith({ jobId: 'j', progress: { value: 0.5 } });
    expect(update).not.toHaveBeenCalled();
    off();
    sockets[0].reply({ push: 'job:progress', payload: {} });
    expect(progress).toHaveBeenCalledTimes(1);
  });

  it('fails in-flight calls on disconnect and reconnects with backoff, reporting the reconnect', async () => {
    const states: [string, boolean][] = [];
    client.onConnection((s, r) => states.push([s, r]));
    sockets[0].open();
    const call = client.invoke('app:info', null);
    sockets[0].close();
    await expect(call).rejects.toMatchObject({ code: 'IO' });
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(2);
    sockets[1].close();
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(2); // backoff doubled to 500 ms
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(3);
    sockets[2].open();
    expect(states.at(-1)).toEqual(['open', true]);
    expect(states[0]).toEqual(['open', false]);
  });
});
