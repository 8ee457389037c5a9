/**
 * The renderer's side of the contract over Electron IPC, kept free of any
 * electron import so it can be tested in plain Node (preload/index.ts wires
 * it to the real ipcRenderer).
 */
import {
  ipcPrefix,
  isInvokeChannel,
  isPushChannel,
  type AssayApi,
  type InvokeChannel,
  type InvokeReq,
  type InvokeRes,
  type PushChannel,
  type PushPayload,
} from './contract/channels';
import { isInvokeEnvelope } from './contract/envelope';
import { AssayError, reviveError, toErrorData, type ErrorData } from './contract/errors';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The slice of ipcRenderer this module needs. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

function refuse(channel: unknown): AssayError {
  return new AssayError('UNKNOWN_CHANNEL', `Refused: "${String(channel).slice(0, 80)}" is not a declared Assay channel.`);
}

export function createAssayApi(ipc: RendererIpc, getPathForFile?: (file: File) => string): AssayApi {
  const api: AssayApi = {
    async invoke<C extends InvokeChannel>(channel: C, req: InvokeReq<C>): Promise<InvokeRes<C>> {
      // The renderer is untrusted: check before anything reaches ipc.
      if (!isInvokeChannel(channel)) throw refuse(channel);
      let reply: unknown;
      try {
        reply = await ipc.invoke(ipcPrefix + channel, req);
      } catch (err) {
        // Only Electron itself throws here (no handler, unclonable payload).
        throw reviveError(toErrorData(err));
      }
      if (!isInvokeEnvelope(reply)) throw new AssayError('INTERNAL', `Malformed reply on ${channel}.`);
      if (!reply.ok) throw reviveError(reply.error);
      return reply.result as InvokeRes<C>;
    },
    on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void {
      if (!isPushChannel(channel)) throw refuse(channel);
      // Never hand the IpcRendererEvent to the page: it carries `sender` (ipcRenderer itself).
      const wrapped: IpcListener = (_event, payload) => listener(payload as PushPayload<C>);
      ipc.on(ipcPrefix + channel, wrapped);
      return () => {
        ipc.removeListener(ipcPrefix + channel, wrapped);
      };
    },
  };
  return getPathForFile ? { ...api, pathForFile: (file: File) => getPathForFile(file) } : api;
}

/** A rejection that survives contextBridge: a plain object shaped like ErrorData. */
export type BridgedError = ErrorData & { readonly name: 'AssayError' };

/**
 * contextBridge rebuilds a thrown Error in the page as `new Error(message)`,
 * dropping `code` and `detail`; plain objects are copied whole. So the object
 * exposed to the page rejects with plain error data, which the renderer
 * revives with `reviveError` (or reads `.code` from directly).
 */
export function forContextBridge(api: AssayApi): AssayApi {
  const bridged: AssayApi = {
    invoke: (channel, req) =>
      api.invoke(channel, req).catch((err: unknown) => {
        const data: BridgedError = { name: 'AssayError', ...toErrorData(err) };
        return Promise.reject(data);
      }),
    on: (channel, listener) => api.on(channel, listener),
  };
  return api.pathForFile ? { ...bridged, pathForFile: api.pathForFile } : bridged;
}
