import type { AssayApi, InvokeChannel, InvokeReq, InvokeRes, PushChannel, PushPayload, ServerMessage } from '../../preload/contract';
import { AssayError, reviveError } from '../../preload/contract';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: AssayError) => void;
}

type AnyListener = (payload: unknown) => void;

/** The part of the DOM WebSocket the client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

const openState = 1;

const minBackoffMs = 250;
const maxBackoffMs = 5000;

/**
 * The contract over the browser-mode WebSocket. The token cookie rides along
 * with the upgrade, so there is nothing to authenticate here. Calls made while
 * disconnected wait for the next connection instead of failing at once.
 */
export class WsClient implements AssayApi {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<AnyListener>>();
  private readonly stateListeners = new Set<(state: ConnectionState, reconnected: boolean) => void>();
  /** Frames written while disconnected, sent on the next open. */
  private readonly queue: { readonly id: number; readonly frame: string }[] = [];
  private backoffMs = minBackoffMs;
  private everOpened = false;
  private state: ConnectionState = 'connecting';
  private readonly url: string;
  private readonly factory: SocketFactory;

  constructor(url: string, factory: SocketFactory = (u) => new WebSocket(u)) {
    this.url = url;
    this.factory = factory;
    this.connect();
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>> {
    const id = this.nextId++;
    const frame = JSON.stringify({ id, channel, payload: req });
    return new Promise<InvokeRes<C>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.socket?.readyState === openState) this.socket.send(frame);
      else this.queue.push({ id, frame });
    });
  }

  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    const wrapped = listener as AnyListener;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** `reconnected` is true on every open after the first: the app then re-fetches its state. */
  onConnection(listener: (state: ConnectionState, reconnected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: ConnectionState, reconnected = false): void {
    this.state = state;
    for (const l of this.stateListeners) l(state, reconnected);
  }

  private connect(): void {
    const socket = this.factory(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.backoffMs = minBackoffMs;
      for (const q of this.queue.splice(0)) socket.send(q.frame);
      this.setState('open', reconnected);
    };
    socket.onmessage = (event) => this.receive(String(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      // In-flight calls can't be answered by a new connection: fail them now.
      const waiting = new Set(this.queue.map((q) => q.id));
      for (const [id, p] of this.pending) {
        if (!waiting.has(id)) {
          p.reject(new AssayError('IO', 'The connection to Assay was lost; try again.'));
          this.pending.delete(id);
        }
      }
      this.setState('closed');
      const delay = this.backoffMs;
      this.backoffMs = Math.min(maxBackoffMs, this.backoffMs * 2);
      setTimeout(() => {
        this.setState('connecting');
        this.connect();
      }, delay);
    };
  }

  private receive(text: string): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if ('push' in msg) {
      const set = this.listeners.get(msg.push);
      if (set) for (const l of [...set]) l(msg.payload);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(reviveError(msg.error));
  }
}
