/**
 * Splits a byte stream into text lines (\n, a trailing \r stripped). A partial
 * line is kept until its end arrives in a later chunk. A run of bytes with no
 * newline longer than `maxLineBytes` (garbage, a wrong baud rate) is cut and
 * emitted as it is, so memory stays bounded and the parser can count it as
 * malformed instead of buffering forever. Invalid UTF-8 becomes U+FFFD.
 */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private readonly maxLineBytes: number;

  constructor(maxLineBytes = 64 * 1024) {
    this.maxLineBytes = maxLineBytes;
  }

  push(chunk: Buffer, emit: (line: string) => void): void {
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      this.keep(chunk, emit);
      return;
    }
    // Decode every complete line of the chunk at once (a newline never sits inside a UTF-8
    // sequence, so no character is cut), then split: far cheaper than a Buffer per line.
    let text: string;
    if (this.partialBytes > 0) {
      this.partial.push(chunk.subarray(0, last));
      text = Buffer.concat(this.partial).toString('utf8');
      this.partial = [];
      this.partialBytes = 0;
    } else {
      text = chunk.toString('utf8', 0, last);
    }
    let from = 0;
    for (let nl = text.indexOf('\n'); ; nl = text.indexOf('\n', from)) {
      const to = nl === -1 ? text.length : nl;
      emit(to > from && text.charCodeAt(to - 1) === 13 ? text.slice(from, to - 1) : text.slice(from, to));
      if (nl === -1) break;
      from = nl + 1;
    }
    if (last + 1 < chunk.length) this.keep(chunk.subarray(last + 1), emit);
  }

  private keep(rest: Buffer, emit: (line: string) => void): void {
    // Copy: the caller may reuse the chunk's memory.
    const copy = Buffer.from(rest);
    this.partial.push(copy);
    this.partialBytes += copy.length;
    if (this.partialBytes > this.maxLineBytes) {
      const all = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      emit(all.toString('utf8'));
    }
  }

  /** Forgets a partial line (after a reconnect its start belongs to another session). */
  reset(): void {
    this.partial = [];
    this.partialBytes = 0;
  }
}
