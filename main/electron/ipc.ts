/**
 * The contract's main-process end: one ipcMain handler per declared channel,
 * each checking who is calling, and push events forwarded to a window.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { invokeChannels, ipcPrefix, type InvokeChannel, type PushChannel, type PushPayload } from '../../preload/contract/channels';
import type { InvokeEnvelope } from '../../preload/contract/envelope';
import { toErrorData } from '../../preload/contract/errors';
import type { Dispatch } from '../host/dispatch';
import type { PushHub } from '../host/events';

/** The slice of ipcMain used here (so tests can hand in a fake). */
export interface MainIpc {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Frames are judged by URL only: anything but our own page is a stranger. */
export type FrameCheck = (frame: { readonly url: string } | null) => boolean;

/** Registers the declared channels and nothing else; returns an unregister function. */
export function registerContract(ipcMain: MainIpc, dispatch: Dispatch, isTrustedFrame: FrameCheck): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(ipcPrefix + channel, async (event, payload): Promise<InvokeEnvelope> => {
      // senderFrame is null once the frame navigated away or was destroyed.
      if (!isTrustedFrame(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: `Refused ${channel}: the caller is not Assay's own page.` } };
      }
      try {
        return { ok: true, result: await dispatch(channel, payload ?? null) };
      } catch (err) {
        return { ok: false, error: toErrorData(err) };
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(ipcPrefix + channel);
  };
}

type PushTarget = Pick<WebContents, 'send' | 'isDestroyed'> & {
  once(event: 'destroyed', listener: () => void): unknown;
};

/** Sends every host event to one window until it is destroyed; returns an unsubscribe. */
export function forwardPush(push: Pick<PushHub, 'subscribe'>, contents: PushTarget): () => void {
  const unsubscribe = push.subscribe(<C extends PushChannel>(channel: C, payload: PushPayload<C>) => {
    if (!contents.isDestroyed()) contents.send(ipcPrefix + channel, payload);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
