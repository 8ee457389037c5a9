import { AssayError } from '../../preload/contract/errors';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Sniffed {
  readonly encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  readonly bomBytes: number;
  /** Delimited text, or JSON (one top-level array of objects, or NDJSON). */
  readonly format: 'csv' | 'json';
}

const signatures: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF binary)' },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * Decides from the first bytes whether a file is delimited text, and in which
 * encoding; refuses binary files with a message that names what they look like.
 */
export function sniffText(head: Uint8Array, fileName: string): Sniffed {
  if (head.length === 0) throw new AssayError('EMPTY_FILE', `${fileName} is empty: there is nothing to import.`);
  const bom = startsWith(head, [0xef, 0xbb, 0xbf]) ? 'utf-8' : startsWith(head, [0xff, 0xfe]) ? 'utf-16le' : startsWith(head, [0xfe, 0xff]) ? 'utf-16be' : null;
  if (bom) {
    const text = new TextDecoder(bom).decode(head).trimStart();
    return { encoding: bom, bomBytes: bom === 'utf-8' ? 3 : 2, format: looksLikeJson(text) ? 'json' : 'csv' };
  }
  for (const sig of signatures) {
    if (startsWith(head, sig.bytes)) {
      throw new AssayError('NOT_CSV', `${fileName} is ${sig.what}, not a file Assay can import yet. Assay imports CSV and other delimited text, JSON and NDJSON, plain or gzip-compressed.`);
    }
  }
  if (head.includes(0)) {
    throw new AssayError('NOT_CSV', `${fileName} looks like a binary file (it holds NUL bytes), not a CSV file.`, 'Export the data as CSV and import that.');
  }
  const format = looksLikeJson(new TextDecoder('utf-8').decode(head).trimStart()) ? 'json' : 'csv';
  try {
    // A multi-byte character may be cut at the end of the sample: drop the last 3 bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return { encoding: 'utf-8', bomBytes: 0, format };
  } catch {
    return { encoding: 'windows-1252', bomBytes: 0, format };
  }
}

function looksLikeJson(text: string): boolean {
  return text.startsWith('{') || text.startsWith('[');
}

export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, [0x1f, 0x8b]);
}
