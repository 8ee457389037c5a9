import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { ImportEncoding, ImportFormat, ImportOptions } from '../../../preload/contract/import-options';
import { AssayError } from '../../../preload/contract/errors';
import { sniffDialect, type CsvDialect } from '../../ml/csv-dialect';
import { readCsv } from './csv';
import { byteDialect, readCsvBytes, readCsvRecords } from './csv-bytes';
import { csvScanThreadFile, ScanAhead } from './csv-scan-ahead';
import { detect, type Detected } from './detect';
import { readJson } from './json';
import type { RecordSink } from './sink';
import { openText, readHead, type FileHead } from './text-input';

/** What was read and how: the settings actually used (detected or chosen). */
export interface SourceInfo {
  readonly head: FileHead;
  readonly detected: Detected;
  readonly format: ImportFormat;
  readonly encoding: ImportEncoding | null;
  readonly dialect: CsvDialect | null;
  readonly sheets: readonly string[];
  readonly sheet: string | null;
  readonly recordsPaths: readonly string[];
  readonly recordsPath: string | null;
}

export interface ReadResult {
  readonly info: SourceInfo;
  readonly bytesRead: number;
  readonly sha256: string;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (c) => hash.update(c))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function checkDelimiter(options: ImportOptions): void {
  for (const [what, v] of [['delimiter', options.delimiter], ['quote', options.quote]] as const) {
    if (v !== undefined && v.length !== 1) throw new AssayError('BAD_INPUT', `The ${what} must be one character (got "${v}"); use \\t for a tab.`);
  }
}

/** The head decoded as text, cut back to its last complete line unless it is the whole content. */
function headText(head: FileHead, detected: Detected): string {
  const text = new TextDecoder(detected.encoding ?? 'utf-8').decode(head.head.subarray(detected.bomBytes));
  if (head.whole) return text;
  const nl = text.lastIndexOf('\n');
  return nl === -1 ? text : text.slice(0, nl + 1);
}

/**
 * Reads any supported file into a sink: detects format and encoding from the content (the
 * options override), then streams it with the matching reader. `preview` reads only the head
 * of text files (and stops binary formats once the sink is full).
 */
export async function readSource(
  path: string,
  fileName: string,
  options: ImportOptions,
  sink: RecordSink,
  onProgress: (bytesDone: number) => void,
  preview = false,
): Promise<ReadResult> {
  checkDelimiter(options);
  const head = await readHead(path, fileName);
  const detected = detect(head.head, fileName, options, head.whole, head.gzip);
  const base = { head, detected, format: detected.format, encoding: detected.encoding, dialect: null, sheets: [], sheet: null, recordsPaths: [], recordsPath: null };
  // Loaded on demand: exceljs alone costs the worker ~0.6 s of start-up CPU.
  if (detected.format === 'parquet') {
    const { readParquet } = await import('./parquet');
    await readParquet(path, fileName, sink, onProgress);
    return { info: base, bytesRead: head.size, sha256: preview ? '' : await hashFile(path) };
  }
  if (detected.format === 'xlsx') {
    const { readXlsx } = await import('./xlsx');
    const x = await readXlsx(path, fileName, { sheet: options.sheet, header: options.header }, sink, onProgress);
    return { info: { ...base, sheets: x.sheets, sheet: x.sheet }, bytesRead: head.size, sha256: preview ? '' : await hashFile(path) };
  }
  const sample = headText(head, detected);
  if (detected.format === 'csv') {
    const dialect = sniffDialect(sample, head.whole, { delimiter: options.delimiter, quote: options.quote, header: options.header });
    const info = { ...base, dialect };
    if (preview) {
      await readCsv([sample], dialect, sink, fileName, () => undefined);
      return { info, bytesRead: head.head.length, sha256: '' };
    }
    // UTF-8 as detected (checked strictly) in a plain dialect: read as bytes, see csv-bytes.ts.
    const bytes = sink.directRows !== undefined && detected.encoding === 'utf-8' && detected.encodingBy !== 'chosen' && byteDialect(dialect) && process.env['ASSAY_CSV_BYTES'] !== '0';
    // A plain file: read, checked, hashed and scanned on a thread of its own (csv-scan-ahead.ts).
    const scanThread = bytes && !head.gzip ? csvScanThreadFile(head.size) : null;
    if (scanThread !== null) {
      const ahead = new ScanAhead(scanThread, path, fileName, detected.bomBytes, dialect);
      try {
        await readCsvRecords(ahead, ahead, dialect, sink, fileName, () => onProgress(ahead.bytesRead()));
        return { info, bytesRead: ahead.bytesRead(), sha256: ahead.sha256() };
      } finally {
        ahead.destroy();
      }
    }
    const input = openText(path, fileName, head.gzip, detected, true, bytes);
    try {
      const onChunk = (): void => onProgress(input.bytesRead());
      if (bytes) await readCsvBytes(input.text, dialect, sink, fileName, onChunk);
      else await readCsv(input.text, dialect, sink, fileName, onChunk);
      return { info, bytesRead: input.bytesRead(), sha256: input.sha256() };
    } finally {
      input.destroy();
    }
  }
  const format = detected.format;
  if (preview) {
    const json = await readJson([sample], format, options.recordsPath, sink, fileName, () => undefined, !head.whole);
    return { info: { ...base, recordsPaths: json.candidates, recordsPath: json.recordsPath }, bytesRead: head.head.length, sha256: '' };
  }
  const input = openText(path, fileName, head.gzip, detected, false);
  try {
    const json = await readJson(input.text as AsyncIterable<string>, format, options.recordsPath, sink, fileName, () => onProgress(input.bytesRead()));
    return { info: { ...base, recordsPaths: json.candidates, recordsPath: json.recordsPath }, bytesRead: input.bytesRead(), sha256: input.sha256() };
  } finally {
    input.destroy();
  }
}
