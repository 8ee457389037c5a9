/**
 * `COPY … TO STDOUT` run as a pg Submittable that hands each CopyData message's payload over as
 * a range of the socket's own chunk: no Buffer, message object or stream event per row. PostgreSQL
 * sends one CopyData message per row, and pg-copy-streams cut each one out (a Buffer per message),
 * copied them together per socket read and pushed that through a Readable, which the decoder then
 * joined to its leftover again: ~1 s of the import thread's ~5 s for 1M rows under `--cpu-prof`.
 *
 * How: like pg-copy-streams, the connection's socket listener is swapped for ours while the COPY's
 * CopyOutResponse and CopyData messages arrive. The first other message (CopyDone, an error, a
 * notice) hands the rest of the bytes back to pg's own parser, which then reports the end or the
 * error through the Submittable's handlers below; a CopyData message parsed by pg after that (after
 * a notice) still reaches `data` through handleCopyData.
 */
import type { Connection, Submittable } from 'pg';

export interface CopyOutHandlers {
  /** One CopyData payload: buf[start…end). Ranges of a message split across socket reads arrive in turn. */
  data(buf: Buffer, start: number, end: number): void;
  /** After each socket read's messages were handed over (a place to report progress). */
  read(): void;
  /** The COPY finished (the server is ready for the next query). */
  end(): void;
  error(err: Error): void;
}

const COPY_DATA = 0x64; // 'd'
const COPY_OUT_RESPONSE = 0x48; // 'H'

type DataListener = (chunk: Buffer) => void;

export class CopyOut implements Submittable {
  private connection: Connection | null = null;
  private pgListener: DataListener | null = null;
  /** The current message's code and the payload bytes still to come (0 between messages). */
  private code = 0;
  private remaining = 0;
  /** A message header (code + length, 5 bytes) split across socket reads. */
  private readonly header = Buffer.alloc(5);
  private headerHave = 0;
  private inMessage = false;
  private finished = false;
  private readonly onData: DataListener = (chunk) => this.take(chunk);

  constructor(
    private readonly text: string,
    private readonly handlers: CopyOutHandlers,
  ) {}

  submit(connection: Connection): void {
    this.connection = connection;
    const stream = connection.stream;
    const listeners = stream.listeners('data') as DataListener[];
    // pg parses the socket with exactly one listener; anything else is a pg this code does not know.
    if (listeners.length !== 1) throw new Error(`pg's connection has ${listeners.length} data listeners, expected 1.`);
    this.pgListener = listeners[0]!;
    stream.removeListener('data', this.pgListener);
    stream.on('data', this.onData);
    connection.query(this.text);
  }

  /** Stops reading the socket (and so the server, once its buffers fill) until resume(). */
  pause(): void {
    this.connection?.stream.pause();
  }

  resume(): void {
    this.connection?.stream.resume();
  }

  private take(chunk: Buffer): void {
    const len = chunk.length;
    let pos = 0;
    while (pos < len) {
      if (!this.inMessage) {
        // The code byte decides: anything but the COPY's own messages goes back to pg from here on.
        const code = this.headerHave > 0 ? this.header[0]! : chunk[pos]!;
        if (code !== COPY_DATA && code !== COPY_OUT_RESPONSE) {
          this.detach(chunk.subarray(pos));
          return;
        }
        if (this.headerHave === 0 && len - pos >= 5) {
          this.remaining = chunk.readUInt32BE(pos + 1) - 4;
          pos += 5;
        } else {
          while (this.headerHave < 5 && pos < len) this.header[this.headerHave++] = chunk[pos++]!;
          if (this.headerHave < 5) break;
          this.remaining = this.header.readUInt32BE(1) - 4;
          this.headerHave = 0;
        }
        this.code = code;
        this.inMessage = true;
      }
      const n = Math.min(this.remaining, len - pos);
      if (this.code === COPY_DATA && n > 0) this.handlers.data(chunk, pos, pos + n);
      pos += n;
      this.remaining -= n;
      if (this.remaining === 0) this.inMessage = false;
    }
    this.handlers.read();
  }

  /** Gives the socket back to pg's parser, with the bytes from the first message that is not the COPY's. */
  private detach(rest: Buffer): void {
    const stream = this.connection!.stream;
    stream.removeListener('data', this.onData);
    stream.on('data', this.pgListener!);
    this.handlers.read();
    this.pgListener!(rest);
  }

  /** A CopyData message pg parsed itself (one after a notice): as take() would have handed it over. */
  handleCopyData(msg: { chunk: Buffer }): void {
    this.handlers.data(msg.chunk, 0, msg.chunk.length);
    this.handlers.read();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (this.finished) return;
    this.finished = true;
    this.handlers.end();
  }

  handleError(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    // A failure while the socket was still ours (a connection lost mid-COPY): pg's listener goes back.
    const stream = this.connection?.stream;
    if (stream && this.pgListener && stream.listeners('data').includes(this.onData)) {
      stream.removeListener('data', this.onData);
      stream.on('data', this.pgListener);
    }
    this.handlers.error(err);
  }
}
