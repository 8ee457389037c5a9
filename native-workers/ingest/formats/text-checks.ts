import { isAscii } from 'node:buffer';
import { AssayError } from '../../../preload/contract/errors';

/** Longest physical line accepted in delimited text; longer ones mean the file is not really a table. */
export const maxLineBytes = 1 << 20;
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Where the first byte that is not UTF-8 lies in a chunk (continuation bytes at its start
 * belong to a character begun in the previous chunk); -1 when none (a character cut at the
 * end is not an error).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < Math.min(3, bytes.length) && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * What every read chunk of a text file goes through before a reader sees it: the byte-order mark
 * skipped, a physical line longer than maxLineBytes refused (`limitLines`, delimited text), and
 * detected UTF-8 decoded strictly: a later byte that is not UTF-8 means the file mixes encodings,
 * and failing with its offset is safer than silently mis-decoding part of the data; an encoding the
 * user chose is applied to every byte (that is the way out the error message offers). Used by
 * openText's stream and by the CSV scan thread (csv-scan-thread.ts), so both fail alike.
 */
export class TextChecks {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  /** ASCII is the same text in UTF-8 and Latin-1 (see next). */
  private readonly asciiFastPath: boolean;
  private skip: number;
  private sinceNewline = 0;
  private physicalLine = 1;
  private contentBytes = 0;
  private lastAscii = true;

  constructor(
    private readonly fileName: string,
    encoding: string,
    strict: boolean,
    bomBytes: number,
    private readonly limitLines: boolean,
  ) {
    this.decoder = new TextDecoder(encoding, { fatal: strict });
    this.asciiFastPath = encoding === 'utf-8';
    this.skip = bomBytes;
  }

  /**
   * The chunk's content, checked: its bytes past the byte-order mark (`asText` false: then the
   * decoder only checks a chunk that is not all ASCII, or that ends a character begun before), or
   * their text. A Latin-1 copy is ~6× cheaper than UTF-8 decoding (0.08 vs 0.52 CPU-s for the 100 MB
   * import bench): taken for a chunk of ASCII only when the one before was ASCII too, so the decoder
   * holds no character begun before it. Throws the import's refusal (line too long, mixed encodings).
   */
  read(input: Buffer, asText: false): Buffer;
  read(input: Buffer, asText: boolean): Buffer | string;
  read(input: Buffer, asText: boolean): Buffer | string {
    let chunk = input;
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      chunk = chunk.subarray(n);
      this.skip -= n;
      this.contentBytes += n;
    }
    const first = chunk.indexOf(10);
    if (first === -1) this.sinceNewline += chunk.length;
    else if (this.sinceNewline + first <= maxLineBytes) this.sinceNewline = chunk.length - chunk.lastIndexOf(10) - 1;
    else this.sinceNewline += first;
    if (this.limitLines && this.sinceNewline > maxLineBytes) {
      throw new AssayError(
        'BAD_INPUT',
        `Line ${this.physicalLine} of ${this.fileName} is longer than ${mb(maxLineBytes)}; this does not look like a table. Nothing was imported.`,
        'Check the format and the delimiter (a JSON file read as CSV looks like this).',
      );
    }
    let out: Buffer | string;
    const ascii = this.asciiFastPath && isAscii(chunk);
    try {
      if (ascii && this.lastAscii) out = asText ? chunk.toString('latin1') : chunk;
      else {
        const text = this.decoder.decode(chunk, { stream: true });
        out = asText ? text : chunk;
      }
      this.lastAscii = ascii;
    } catch {
      const at = Math.max(0, firstInvalidUtf8(chunk));
      let line = this.physicalLine;
      for (let i = chunk.indexOf(10); i !== -1 && i < at; i = chunk.indexOf(10, i + 1)) line++;
      throw new AssayError(
        'MIXED_ENCODING',
        `${this.fileName} mixes encodings: it reads as UTF-8 until byte ${(this.contentBytes + at).toLocaleString('en-US')} (line ${line}), which is not UTF-8. Nothing was imported.`,
        'Choose the encoding the file was written in (often Windows-1252 for such files: --encoding windows-1252) to decode every byte with it, or re-save the file as UTF-8.',
      );
    }
    for (let i = first; i !== -1; i = chunk.indexOf(10, i + 1)) this.physicalLine++;
    this.contentBytes += chunk.length;
    return out;
  }

  /** After the last chunk: the decoder's last text, or the refusal of a file cut inside a character. */
  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new AssayError('MIXED_ENCODING', `${this.fileName} ends in the middle of a UTF-8 character (byte ${this.contentBytes.toLocaleString('en-US')}); the file may be cut short.`);
    }
  }
}
