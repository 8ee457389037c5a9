import { AssayError } from '../../../preload/contract/errors';
import type { ImportEncoding, ImportFormat, ImportOptions } from '../../../preload/contract/import-options';

export interface Detected {
  readonly format: ImportFormat;
  /** Text formats only. */
  readonly encoding: ImportEncoding | null;
  /** Bytes of byte-order mark to skip. */
  readonly bomBytes: number;
  /** How the encoding was decided, for the preview's notes and lineage. */
  readonly encodingBy: 'bom' | 'nul-pattern' | 'utf-8-valid' | 'fallback' | 'chosen' | null;
}

const refused: readonly { bytes: readonly number[]; what: string; next: string }[] = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an OLE compound file: a password-protected (encrypted) Excel workbook, or an old .xls',
    next: 'Open it in Excel, remove the password (or save as .xlsx) and import that.',
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', next: 'Pick a data file.' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', next: 'Pick a data file.' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', next: 'Export the table from it as CSV.' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database', next: 'Export the table as CSV.' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF binary)', next: 'Pick a data file.' },
];

export const supportedFormats = 'CSV and other delimited text, JSON, NDJSON, Parquet and Excel .xlsx (text formats also gzip-compressed)';

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, [0x1f, 0x8b]);
}

/**
 * UTF-16 without a BOM shows as NUL bytes in every other position (ASCII text's high bytes):
 * at odd offsets for little-endian, even for big-endian.
 */
function utf16ByNuls(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.4 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.4 && odd < pairs * 0.05) return 'utf-16be';
  return null;
}

function bomOf(head: Uint8Array): { encoding: ImportEncoding; bytes: number } | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bytes: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bytes: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bytes: 2 };
  return null;
}

/** Is the head valid UTF-8? A character cut at the end of the sample does not count against it. */
export function validUtf8Head(head: Uint8Array, whole: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole ? head : head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides the format and encoding of a file from its first bytes (decompressed first for
 * gzip); the user's options override. `whole` says the head is the entire content.
 * Refuses files it cannot read with a message naming what they look like.
 */
export function detect(head: Uint8Array, fileName: string, options: ImportOptions, whole: boolean, gzip = false): Detected {
  if (head.length === 0) throw new AssayError('EMPTY_FILE', `${fileName} is empty: there is nothing to import.`);
  const binary = (format: ImportFormat): Detected => {
    if (gzip) throw new AssayError('BAD_INPUT', `${fileName} is a gzip-compressed ${format} file; decompress it first (only text formats are read compressed).`);
    return { format, encoding: null, bomBytes: 0, encodingBy: null };
  };
  if (options.format === 'parquet' || options.format === 'xlsx') return binary(options.format);
  if (!options.format) {
    if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return binary('parquet');
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return binary('xlsx');
    for (const sig of refused) {
      if (startsWith(head, sig.bytes)) {
        throw new AssayError('UNSUPPORTED', `${fileName} is ${sig.what}, not a file Assay can import. Assay imports ${supportedFormats}.`, sig.next);
      }
    }
  }
  const bom = bomOf(head);
  let encoding: ImportEncoding;
  let encodingBy: Detected['encodingBy'];
  if (options.encoding) [encoding, encodingBy] = [options.encoding, 'chosen'];
  else if (bom) [encoding, encodingBy] = [bom.encoding, 'bom'];
  else {
    const utf16 = utf16ByNuls(head);
    if (utf16) [encoding, encodingBy] = [utf16, 'nul-pattern'];
    else if (head.includes(0)) {
      throw new AssayError('UNSUPPORTED', `${fileName} looks like a binary file (it holds NUL bytes), not a table Assay can read: Assay imports ${supportedFormats}.`, 'Export the data in one of those formats and import that.');
    } else if (validUtf8Head(head, whole)) [encoding, encodingBy] = ['utf-8', 'utf-8-valid'];
    else [encoding, encodingBy] = ['windows-1252', 'fallback'];
  }
  const bomBytes = bom && bom.encoding === encoding ? bom.bytes : 0;
  const text = new TextDecoder(encoding).decode(head.subarray(bomBytes, bomBytes + 8192)).trimStart();
  const format = options.format ?? textFormat(text);
  if (!options.format && whole) refuseJsonScalar(text, fileName);
  return { format, encoding, bomBytes, encodingBy };
}

/**
 * A file named .json (or .jsonl/.ndjson) that holds one scalar (`42`, `"x"`, `true`) would
 * otherwise read as a one-cell CSV: a JSON document that is not records is refused instead.
 */
function refuseJsonScalar(text: string, fileName: string): void {
  if (!/\.(json|jsonl|ndjson)(\.gz)?$/i.test(fileName)) return;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return;
  }
  if (doc !== null && typeof doc === 'object') return;
  throw new AssayError(
    'BAD_INPUT',
    `${fileName} holds a single JSON ${doc === null ? 'null' : typeof doc} (${JSON.stringify(doc).slice(0, 40)}), not records; nothing was imported. ` +
      'A JSON file must hold an array of records (objects), or an object with a records path to such an array; NDJSON holds one object per line.',
  );
}

/** '[' is a JSON array; '{' is NDJSON when the first line is a whole object followed by another, else one JSON document. */
function textFormat(text: string): ImportFormat {
  if (text.startsWith('[')) return 'json';
  if (!text.startsWith('{')) return 'csv';
  const nl = text.indexOf('\n');
  if (nl === -1 || !text.slice(nl + 1).trimStart().startsWith('{')) return 'json';
  try {
    JSON.parse(text.slice(0, nl));
    return 'ndjson';
  } catch {
    return 'json';
  }
}
