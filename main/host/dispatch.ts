import { invokeChannels, isInvokeChannel, type InvokeChannel, type InvokeReq, type InvokeRes } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { checkPayload } from '../../preload/contract/check-payload';

export type Handlers = { [C in InvokeChannel]: (req: InvokeReq<C>) => InvokeRes<C> | Promise<InvokeRes<C>> };

export type Dispatch = (channel: string, payload: unknown) => Promise<unknown>;

/**
 * The one door into the host for every transport (ipcMain, WebSocket, CLI):
 * refuses undeclared channels, writing channels while read-only, and payloads
 * that do not match their channel's schema (BAD_INPUT naming the field), so a
 * handler only ever sees a well-formed request.
 */
export function createDispatcher(handlers: Handlers, isReadOnly: () => boolean): Dispatch {
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) {
      throw new AssayError('UNKNOWN_CHANNEL', `Refused: "${String(channel).slice(0, 80)}" is not a declared Assay channel.`);
    }
    if (invokeChannels[channel].writes && isReadOnly()) {
      throw new AssayError(
        'READ_ONLY',
        'This project is open read-only (review mode), so nothing can change it. Use "Save as" to make an editable copy.',
      );
    }
    const handler = handlers[channel] as (req: unknown) => unknown;
    return handler(checkPayload(channel, payload));
  };
}
