import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AssayError } from '../../../preload/contract/errors';
import type { Detected } from './detect';
import { isGzip } from './detect';
import { openRegularFile } from './regular-file';
import { mb, TextChecks } from './text-checks';

export const headBytes = 65536;
export const readChunkBytes = 1 << 20;

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

export interface TextInput {
  /** Decoded text chunks (or, opened with `bytes`, the content's bytes once checked as UTF-8). */
  readonly text: Readable;
  bytesRead(): number;
  sha256(): string;
  destroy(): void;
}

/**
 * Streams a text file (plain or gzip) as decoded strings in ~1 MB chunks, checked by TextChecks.
 * Progress and the fingerprint are of the file's own (maybe compressed) bytes.
 */
export function openText(path: string, fileName: string, gzip: boolean, detected: Detected, limitLines: boolean, bytes = false): TextInput {
  const encoding = detected.encoding ?? 'utf-8';
  const checks = new TextChecks(fileName, encoding, encoding === 'utf-8' && detected.encodingBy !== 'chosen', detected.bomBytes, limitLines);
  const hash = createHash('sha256');
  let bytesRead = 0;
  const text = new Transform({
    ...(bytes ? {} : { encoding: 'utf8' as const }),
    transform(input: Buffer, _enc, done) {
      let out: Buffer | string;
      try {
        out = checks.read(input, !bytes);
      } catch (err) {
        done(err as Error);
        return;
      }
      done(null, out);
    },
    flush(done) {
      let rest: string;
      try {
        rest = checks.end();
      } catch (err) {
        done(err as Error);
        return;
      }
      done(null, bytes ? undefined : rest);
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
