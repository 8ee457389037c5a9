import { reviveError, type AssayApi } from '../../preload/contract';
import { WsClient, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly assay?: AssayApi;
  }
}

export type { ConnectionState };

export interface Transport {
  readonly kind: 'electron' | 'websocket';
  readonly api: AssayApi;
  onConnection(listener: (state: ConnectionState, reconnected: boolean) => void): () => void;
}

let transport: Transport | null = null;

function pickTransport(): Transport {
  const preload = window.assay;
  if (preload) {
    // contextBridge delivers rejections as plain error data: revive them into typed errors here.
    const api: AssayApi = {
      invoke: (channel, req) => preload.invoke(channel, req).catch((err: unknown) => Promise.reject(reviveError(err))),
      on: (channel, listener) => preload.on(channel, listener),
      ...(preload.pathForFile ? { pathForFile: preload.pathForFile } : {}),
    };
    // IPC never disconnects while the window lives.
    return { kind: 'electron', api, onConnection: () => () => undefined };
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WsClient(`${scheme}://${location.host}/ws`);
  return { kind: 'websocket', api: ws, onConnection: (l) => ws.onConnection(l) };
}

export function getTransport(): Transport {
  transport ??= pickTransport();
  return transport;
}

export function client(): AssayApi {
  return getTransport().api;
}
