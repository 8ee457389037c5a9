/** SLIP framing (RFC 1055): END 0xC0, ESC 0xDB, ESC_END 0xDC, ESC_ESC 0xDD. */
export const SLIP_END = 0xc0;
export const SLIP_ESC = 0xdb;
export const SLIP_ESC_END = 0xdc;
export const SLIP_ESC_ESC = 0xdd;

/**
 * Frames one payload. An END is sent first as well as last (the RFC's
 * recommendation): it flushes any line noise the receiver has buffered, so a
 * frame never starts glued to garbage.
 */
export function slipEncode(payload: Uint8Array): Uint8Array {
  let escapes = 0;
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i];
    if (b === SLIP_END || b === SLIP_ESC) escapes++;
  }
  const out = new Uint8Array(payload.length + escapes + 2);
  let o = 0;
  out[o++] = SLIP_END;
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i];
    if (b === SLIP_END) {
      out[o++] = SLIP_ESC;
      out[o++] = SLIP_ESC_END;
    } else if (b === SLIP_ESC) {
      out[o++] = SLIP_ESC;
      out[o++] = SLIP_ESC_ESC;
    } else out[o++] = b;
  }
  out[o] = SLIP_END;
  return out;
}

/**
 * Incremental decoder: push raw bytes, get back the complete frames.
 *
 * State (a partial frame, a pending ESC) survives across pushes, so frames may
 * be split anywhere by the transport. Empty frames (END END, or the leading END
 * of every encoded frame) are skipped. A frame with a protocol error (ESC then a
 * byte other than ESC_END/ESC_ESC, ESC right before END, or longer than
 * `maxFrameBytes`, i.e. no END in sight) is dropped whole and counted in
 * `errors`: a half-decoded record would put wrong numbers in the wrong fields.
 * Decoding resumes at the next END.
 */
export class SlipDecoder {
  /** Frames dropped because of a protocol error. */
  errors = 0;
  private buf: Uint8Array;
  private len = 0;
  private escaped = false;
  private dropping = false;

  constructor(readonly maxFrameBytes = 65536) {
    this.buf = new Uint8Array(Math.min(256, maxFrameBytes));
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === SLIP_END) {
        if (this.escaped && !this.dropping) this.errors++;
        else if (!this.dropping && this.len > 0) frames.push(this.buf.slice(0, this.len));
        this.len = 0;
        this.escaped = false;
        this.dropping = false;
        continue;
      }
      if (this.dropping) continue;
      let byte = b;
      if (this.escaped) {
        this.escaped = false;
        if (b === SLIP_ESC_END) byte = SLIP_END;
        else if (b === SLIP_ESC_ESC) byte = SLIP_ESC;
        else {
          this.fail();
          continue;
        }
      } else if (b === SLIP_ESC) {
        this.escaped = true;
        continue;
      }
      if (this.len === this.maxFrameBytes) {
        this.fail();
        continue;
      }
      if (this.len === this.buf.length) {
        const bigger = new Uint8Array(Math.min(this.buf.length * 2, this.maxFrameBytes));
        bigger.set(this.buf);
        this.buf = bigger;
      }
      this.buf[this.len++] = byte;
    }
    return frames;
  }

  /** Discards a partial frame (e.g. after a reconnect, when the bytes before the gap are unrelated). */
  reset(): void {
    this.len = 0;
    this.escaped = false;
    this.dropping = false;
  }

  private fail(): void {
    this.errors++;
    this.dropping = true;
    this.len = 0;
  }
}
