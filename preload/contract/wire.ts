import type { ErrorData } from './errors';

/** The WebSocket frames of browser mode: the contract's invoke/push, as JSON. */
export interface ClientMessage {
  readonly id: number;
  readonly channel: string;
  readonly payload: unknown;
}

export type ServerMessage =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData }
  | { readonly push: string; readonly payload: unknown };

export function decodeClientMessage(text: string): ClientMessage | null {
  try {
    const msg = JSON.parse(text) as Partial<ClientMessage>;
    if (typeof msg.id !== 'number' || typeof msg.channel !== 'string') return null;
    return { id: msg.id, channel: msg.channel, payload: msg.payload ?? null };
  } catch {
    return null;
  }
}

export function encodeServerMessage(msg: ServerMessage): string {
  return JSON.stringify(msg);
}
