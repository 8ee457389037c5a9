import fs from 'node:fs';
import zlib from 'node:zlib';
import { AssayError } from '../../../preload/contract/errors';
import { mb } from './text-checks';

export interface ZipLimits {
  /**
   * Unzipped, a workbook may be this many times its file's size (plus a floor for small files).
   * Genuine .xlsx parts deflate 5–20 times; a zip bomb reaches 1,000.
   */
  readonly ratio: number;
  readonly floorBytes: number;
  /** exceljs keeps the shared-strings table in memory whole: past this it cannot be bounded. */
  readonly sharedStringsBytes: number;
}

export const zipLimits: ZipLimits = { ratio: 100, floorBytes: 32 * 1024 * 1024, sharedStringsBytes: 100 * 1024 * 1024 };

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly offset: number;
}

/** A size in words: small files in KB (a bomb is small), the rest as mb() writes them. */
export function sizeText(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} KB` : mb(bytes);
}

const cdSig = 0x02014b50;
const eocdSig = 0x06054b50;
const localSig = 0x04034b50;
const cutOff = 0xffffffff;

function unreadable(fileName: string, why: string): AssayError {
  return new AssayError('BAD_INPUT', `${fileName} is not an .xlsx workbook Assay can read: ${why}. Nothing was imported.`, 'The file may be damaged; open it in Excel or LibreOffice and save it again as .xlsx.');
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The central directory's entries (zip64 sizes and offsets read from their extra field). */
async function entries(handle: fs.promises.FileHandle, size: number, fileName: string): Promise<Entry[]> {
  const tail = await readAt(handle, Math.max(0, size - 65557), Math.min(size, 65557));
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (at < 0 || tail.readUInt32LE(at) !== eocdSig || at + 22 > tail.length) throw unreadable(fileName, 'its zip directory is missing');
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if ((cdSize === cutOff || cdOffset === cutOff) && at >= 20) {
    const zip64 = Number(tail.readBigUInt64LE(at - 20 + 8));
    const rec = await readAt(handle, zip64, 56);
    if (rec.length < 56) throw unreadable(fileName, 'its zip64 directory is cut short');
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) throw unreadable(fileName, 'its zip directory is damaged');
  const cd = await readAt(handle, cdOffset, cdSize);
  const out: Entry[] = [];
  for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === cdSig; ) {
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let compressed = cd.readUInt32LE(p + 20);
    let offset = cd.readUInt32LE(p + 42);
    const uncompressed32 = cd.readUInt32LE(p + 24);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extra field: the 64-bit values, in this order, for those whose 32-bit field is full.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressed32 === cutOff) q += 8;
        if (compressed === cutOff) [compressed, q] = [Number(cd.readBigUInt64LE(q)), q + 8];
        if (offset === cutOff) offset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    out.push({ name, method: cd.readUInt16LE(p + 10), compressed, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Bytes an entry inflates to, counted as it inflates (its header's size may lie); stops past `limit`. */
function inflatedBytes(path: string, start: number, compressed: number, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    const src = fs.createReadStream(path, { start, end: start + compressed - 1, highWaterMark: 1 << 16 });
    const inflate = zlib.createInflateRaw();
    const stop = (): void => {
      src.destroy();
      inflate.destroy();
      resolve(n);
    };
    inflate.on('data', (c: Buffer) => {
      n += c.length;
      if (n > limit) stop();
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', reject);
    src.on('error', reject);
    src.pipe(inflate);
  });
}

/**
 * Refuses a workbook whose parts unzip to more than the limits above, before exceljs reads it:
 * the streaming reader would otherwise spill a bomb's sheets to temp files and hold its shared
 * strings in memory. Every entry is inflated and counted (nothing in the headers is trusted),
 * and entries must not overlap (a zip bomb's other trick).
 */
export async function checkZipExpansion(path: string, fileName: string, limits: ZipLimits = zipLimits): Promise<void> {
  const spans: { offset: number; start: number; entry: Entry }[] = [];
  const handle = await fs.promises.open(path, 'r');
  let size: number;
  try {
    size = (await handle.stat()).size;
    for (const entry of await entries(handle, size, fileName)) {
      const local = await readAt(handle, entry.offset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== localSig) throw unreadable(fileName, `the zip entry ${entry.name} is damaged`);
      spans.push({ offset: entry.offset, start: entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), entry });
    }
  } finally {
    await handle.close();
  }
  const budget = Math.max(limits.floorBytes, limits.ratio * size);
  spans.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i - 1].start + spans[i - 1].entry.compressed > spans[i].offset) throw unreadable(fileName, 'its zip entries overlap, as in a zip bomb');
  }
  let total = 0;
  for (const { start, entry } of spans) {
    if (entry.method !== 8) {
      total += entry.compressed;
      continue;
    }
    const shared = /^xl\/sharedStrings\.xml$/i.test(entry.name);
    const left = budget - total;
    const n = await inflatedBytes(path, start, entry.compressed, shared ? Math.min(left, limits.sharedStringsBytes) : left).catch((err: unknown) => {
      throw unreadable(fileName, `the zip entry ${entry.name} cannot be unzipped (${err instanceof Error ? err.message : String(err)})`);
    });
    if (shared && n > limits.sharedStringsBytes) {
      throw new AssayError(
        'BAD_INPUT',
        `${fileName} holds a shared-strings table larger than ${mb(limits.sharedStringsBytes)} unzipped, more than Assay can hold in memory while reading a workbook. Nothing was imported.`,
        'Open it in Excel or LibreOffice, save the sheet as CSV and import that.',
      );
    }
    total += n;
    if (total > budget) {
      throw new AssayError(
        'BAD_INPUT',
        `${fileName} unzips to more than ${mb(budget)} from ${sizeText(size)} (over ${limits.ratio} times its size): that is what a decompression bomb does, so nothing was imported.`,
        'If the workbook is genuine, open it in Excel or LibreOffice, save the sheet as CSV and import that.',
      );
    }
  }
}
