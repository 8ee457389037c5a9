import { AssayError } from '../../preload/contract/errors';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Sniffed {
  readonly encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  readonly bomBytes: number;
}

const signatures: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed' },
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
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomBytes: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomBytes: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomBytes: 2 };
  for (const sig of signatures) {
    if (startsWith(head, sig.bytes)) {
      throw new AssayError('NOT_CSV', `${fileName} is ${sig.what}, not a CSV file. Assay imports CSV and other delimited text files.`);
    }
  }
  if (head.includes(0)) {
    throw new AssayError('NOT_CSV', `${fileName} looks like a binary file (it holds NUL bytes), not a CSV file.`, 'Export the data as CSV and import that.');
  }
  const text = new TextDecoder('utf-8').decode(head).trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new AssayError('NOT_CSV', `${fileName} looks like JSON, not CSV. Assay imports CSV and other delimited text files.`);
  }
  try {
    // A multi-byte character may be cut at the end of the sample: drop the last 3 bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return { encoding: 'utf-8', bomBytes: 0 };
  } catch {
    return { encoding: 'windows-1252', bomBytes: 0 };
  }
}
