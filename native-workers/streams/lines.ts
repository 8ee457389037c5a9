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
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      let line: Buffer;
      if (this.partialBytes > 0) {
        this.partial.push(chunk.subarray(start, nl));
        line = Buffer.concat(this.partial);
        this.partial = [];
        this.partialBytes = 0;
      } else {
        line = chunk.subarray(start, nl);
      }
      const end = line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length;
      emit(line.toString('utf8', 0, end));
      start = nl + 1;
    }
    if (start < chunk.length) {
      // Copy: the caller may reuse the chunk's memory.
      const rest = Buffer.from(chunk.subarray(start));
      this.partial.push(rest);
      this.partialBytes += rest.length;
      if (this.partialBytes > this.maxLineBytes) {
        const all = Buffer.concat(this.partial);
        this.partial = [];
        this.partialBytes = 0;
        emit(all.toString('utf8'));
      }
    }
  }

  /** Forgets a partial line (after a reconnect its start belongs to another session). */
  reset(): void {
    this.partial = [];
    this.partialBytes = 0;
  }
}
