/** SLIP framing (RFC 1055): END 0xC0, ESC 0xDB, ESC_END 0xDC, ESC_ESC 0xDD. */
const todo = (): never => {
  throw new Error('stream-core: not implemented yet');
};

export function slipEncode(_payload: Uint8Array): Uint8Array {
  return todo();
}

/** Incremental decoder: push raw bytes, get back the complete frames. */
export class SlipDecoder {
  push(_chunk: Uint8Array): Uint8Array[] {
    return todo();
  }
}
