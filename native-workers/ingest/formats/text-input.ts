import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AssayError } from '../../../preload/contract/errors';
import type { Detected } from './detect';
import { isGzip } from './detect';
import { openRegularFile } from './regular-file';

/** Longest physical line accepted in delimited text; longer ones mean the file is not really a table. */
export const maxLineBytes = 1 << 20;
export const headBytes = 65536;
const readChunkBytes = 1 << 20;

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export interface FileHead {
  readonly size: number;
  readonly mtimeMs: number;
  readonly gzip: boolean;
  /** The first bytes of the content (decompressed for gzip). */
  readonly head: Buffer;
  /** The head is all there is. */
  readonly whole: boolean;
}

export async function readHead(path: string, fileName: string): Promise<FileHead> {
  // Async and non-blocking: previews run this on the host's event loop.
  const { handle, stat } = await openRegularFile(path, fileName);
  let raw: Buffer;
  try {
    raw = Buffer.alloc(Math.min(headBytes, stat.size));
    await handle.read(raw, 0, raw.length, 0);
  } finally {
    await handle.close();
  }
  if (isGzip(raw)) {
    const { head, whole } = await gunzipHead(path, fileName);
    return { size: stat.size, mtimeMs: stat.mtimeMs, gzip: true, head, whole };
  }
  return { size: stat.size, mtimeMs: stat.mtimeMs, gzip: false, head: raw, whole: raw.length === stat.size };
}

/** The first decompressed bytes of a gzip file, to detect what it holds. */
function gunzipHead(path: string, fileName: string): Promise<{ head: Buffer; whole: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const src = fs.createReadStream(path);
    const gz = zlib.createGunzip();
    const done = (whole: boolean): void => {
      src.destroy();
      gz.destroy();
      resolve({ head: Buffer.concat(chunks).subarray(0, headBytes), whole: whole && n <= headBytes });
    };
    gz.on('data', (c: Buffer) => {
      chunks.push(c);
      n += c.length;
      if (n >= headBytes) done(false);
    });
    gz.on('end', () => done(true));
    gz.on('error', (err) =>
      n > 0 ? done(false) : reject(new AssayError('BAD_INPUT', `${fileName} is gzip-compressed but cannot be decompressed: ${err.message}.`, 'The file may be damaged; compress it again.')),
    );
    src.pipe(gz);
  });
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

export interface TextInput {
  /** Decoded text chunks (or, opened with `bytes`, the content's bytes once checked as UTF-8). */
  readonly text: Readable;
  bytesRead(): number;
  sha256(): string;
  destroy(): void;
}

/**
 * Streams a text file (plain or gzip) as decoded strings in ~1 MB chunks. Progress and the
 * fingerprint are of the file's own (maybe compressed) bytes. Detected UTF-8 is decoded
 * strictly: a later byte that is not UTF-8 means the file mixes encodings, and failing with
 * its offset is safer than silently mis-decoding part of the data; an encoding the user chose
 * is applied to every byte (that is the way out the error message offers).
 */
export function openText(path: string, fileName: string, gzip: boolean, detected: Detected, limitLines: boolean, bytes = false): TextInput {
  const encoding = detected.encoding ?? 'utf-8';
  const strict = encoding === 'utf-8' && detected.encodingBy !== 'chosen';
  const decoder = new TextDecoder(encoding, { fatal: strict });
  const hash = createHash('sha256');
  let bytesRead = 0;
  let contentBytes = 0;
  let skip = detected.bomBytes;
  let sinceNewline = 0;
  let physicalLine = 1;
  // ASCII is the same text in UTF-8 and Latin-1, and a Latin-1 copy is ~6× cheaper than UTF-8
  // decoding (0.08 vs 0.52 CPU-s for the 100 MB import bench): taken for a chunk of ASCII only
  // when the one before was ASCII too, so the decoder holds no character begun before it.
  const asciiFastPath = encoding === 'utf-8';
  let lastAscii = true;
  const text = new Transform({
    ...(bytes ? {} : { encoding: 'utf8' as const }),
    transform(input: Buffer, _enc, done) {
      let chunk = input;
      if (skip > 0) {
        const n = Math.min(skip, chunk.length);
        chunk = chunk.subarray(n);
        skip -= n;
        contentBytes += n;
      }
      const first = chunk.indexOf(10);
      if (first === -1) sinceNewline += chunk.length;
      else if (sinceNewline + first <= maxLineBytes) sinceNewline = chunk.length - chunk.lastIndexOf(10) - 1;
      else sinceNewline += first;
      if (limitLines && sinceNewline > maxLineBytes) {
        done(
          new AssayError(
            'BAD_INPUT',
            `Line ${physicalLine} of ${fileName} is longer than ${mb(maxLineBytes)}; this does not look like a table. Nothing was imported.`,
            'Check the format and the delimiter (a JSON file read as CSV looks like this).',
          ),
        );
        return;
      }
      let decoded: string | Buffer;
      const ascii = asciiFastPath && isAscii(chunk);
      try {
        // With `bytes` the decoder only checks a chunk that is not all ASCII (or ends a character begun before).
        if (ascii && lastAscii) decoded = bytes ? chunk : chunk.toString('latin1');
        else {
          const text = decoder.decode(chunk, { stream: true });
          decoded = bytes ? chunk : text;
        }
        lastAscii = ascii;
      } catch {
        const at = Math.max(0, firstInvalidUtf8(chunk));
        let line = physicalLine;
        for (let i = chunk.indexOf(10); i !== -1 && i < at; i = chunk.indexOf(10, i + 1)) line++;
        done(
          new AssayError(
            'MIXED_ENCODING',
            `${fileName} mixes encodings: it reads as UTF-8 until byte ${(contentBytes + at).toLocaleString('en-US')} (line ${line}), which is not UTF-8. Nothing was imported.`,
            'Choose the encoding the file was written in (often Windows-1252 for such files: --encoding windows-1252) to decode every byte with it, or re-save the file as UTF-8.',
          ),
        );
        return;
      }
      for (let i = first; i !== -1; i = chunk.indexOf(10, i + 1)) physicalLine++;
      contentBytes += chunk.length;
      done(null, decoded);
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, bytes ? undefined : rest);
      } catch {
        done(new AssayError('MIXED_ENCODING', `${fileName} ends in the middle of a UTF-8 character (byte ${contentBytes.toLocaleString('en-US')}); the file may be cut short.`));
      }
    },
  });
  const source = fs.createReadStream(path, { highWaterMark: readChunkBytes });
  source.on('error', (err) => text.destroy(new AssayError('IO', `Reading ${fileName} failed: ${err.message}`, 'Check that the file is still there and readable.')));
  source.on('data', (chunk: Buffer | string) => {
    bytesRead += chunk.length;
    hash.update(chunk);
  });
  if (gzip) {
    const gunzip = zlib.createGunzip();
    gunzip.on('error', (err) =>
      text.destroy(
        new AssayError(
          'BAD_INPUT',
          `${fileName} is a damaged or truncated gzip file (${err.message}, after ${mb(bytesRead)} of the compressed file); nothing was imported.`,
          'Copy or download the file again.',
        ),
      ),
    );
    source.pipe(gunzip).pipe(text);
  } else source.pipe(text);
  return {
    text,
    bytesRead: () => bytesRead,
    sha256: () => hash.digest('hex'),
    destroy: () => {
      source.destroy();
      text.destroy();
    },
  };
}
