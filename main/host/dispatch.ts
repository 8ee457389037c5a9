import { invokeChannels, isInvokeChannel, type InvokeChannel, type InvokeReq, type InvokeRes } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { checkPayload } from '../../preload/contract/check-payload';
import { applySessionRules, type SessionRules } from './session-rules';

export type Handlers = { [C in InvokeChannel]: (req: InvokeReq<C>) => InvokeRes<C> | Promise<InvokeRes<C>> };

export type Dispatch = (channel: string, payload: unknown) => Promise<unknown>;

/**
 * The one door into the host for every transport (ipcMain, WebSocket, CLI):
 * refuses undeclared channels, payloads that do not match their channel's
 * schema (BAD_INPUT naming the field), what the session's rules forbid, and
 * writing channels while read-only, so a handler only ever sees a well-formed,
 * allowed request.
 */
export function createDispatcher(handlers: Handlers, isReadOnly: () => boolean, rules: SessionRules = {}): Dispatch {
  return async (channel, payload) => {
    if (!isInvokeChannel(channel)) {
      throw new AssayError('UNKNOWN_CHANNEL', `Refused: "${String(channel).slice(0, 80)}" is not a declared Assay channel.`);
    }
    // The session's rules before the read-only check: under `serve --read-only` "Save as" is no way out, and the message must not offer it.
    const request = applySessionRules(rules, channel, checkPayload(channel, payload ?? null));
    if (invokeChannels[channel].writes && isReadOnly()) {
      throw new AssayError(
        'READ_ONLY',
        'This project is open read-only (review mode), so nothing can change it. Use "Save as" to make an editable copy.',
      );
    }
    const handler = handlers[channel] as (req: unknown) => unknown;
    return handler(request);
  };
}
