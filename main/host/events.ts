import type { PushChannel, PushPayload } from '../../preload/contract/channels';

export type PushListener = <C extends PushChannel>(channel: C, payload: PushPayload<C>) => void;

/** Fans host→renderer events out to every connected client (window or WebSocket). */
export class PushHub {
  private readonly listeners = new Set<PushListener>();

  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<C extends PushChannel>(channel: C, payload: PushPayload<C>): void {
    for (const listener of this.listeners) listener(channel, payload);
  }
}
