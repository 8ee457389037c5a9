/**
 * How a file is read (format, encoding, delimiter, …) and what a preview of it
 * shows. Every field of ImportOptions is optional: absent means "detect".
 * JSON-safe so the wizard, the CLI and a replay share it.
 */
import type { ImportSource } from './types';

export type ImportFormat = 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx';

export type ImportEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const importFormats: readonly ImportFormat[] = ['csv', 'json', 'ndjson', 'parquet', 'xlsx'];
export const importEncodings: readonly ImportEncoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export interface ImportOptions {
  /** Overrides detection by content. */
  readonly format?: ImportFormat;
  /** Overrides detection (BOM, NUL patterns, UTF-8 validity). Text formats only. */
  readonly encoding?: ImportEncoding;
  /** One character (`\t` for TSV). CSV only. */
  readonly delimiter?: string;
  /** The quote character; `"` unless sniffed otherwise. CSV only. */
  readonly quote?: string;
  /** Does the first row hold column names? Sniffed when absent. CSV/xlsx. */
  readonly header?: boolean;
  /** Worksheet name. xlsx only; the first sheet when absent. */
  readonly sheet?: string;
  /**
   * Dotted path to the array of records inside a top-level JSON object,
   * e.g. `data.items`. JSON only; '' or absent = the document itself is the array
   * (or the first array found when it is an object).
   */
  readonly recordsPath?: string;
}

/** What `import:preview` returns: what was detected and the first rows, as text. */
export interface ImportPreview {
  readonly fileName: string;
  /** Size in bytes of the file as stored (compressed size for gzip). */
  readonly bytes: number;
  readonly gzip: boolean;
  readonly format: ImportFormat;
  /** Text formats only; null for Parquet/xlsx. */
  readonly encoding: ImportEncoding | null;
  /** CSV only; null otherwise. */
  readonly delimiter: string | null;
  /** CSV only; null otherwise. */
  readonly quote: string | null;
  /** Whether the first row is taken as column names (always true for JSON/Parquet). */
  readonly header: boolean;
  /** xlsx: every worksheet's name, in workbook order; [] otherwise. */
  readonly sheets: readonly string[];
  /** xlsx: the sheet shown. */
  readonly sheet: string | null;
  /** JSON object documents: dotted paths to arrays of objects found in the head; [] otherwise. */
  readonly recordsPaths: readonly string[];
  /** JSON: the records path in use ('' = the top level). */
  readonly recordsPath: string | null;
  readonly columns: readonly string[];
  /** Up to 50 first records, each cell as text ('' for missing). */
  readonly rows: readonly (readonly string[])[];
  /** Things the user should know (e.g. "encoding guessed: Windows-1252"). */
  readonly notes: readonly string[];
  /** Previewed rows the import would quarantine (broken quotes, wrong field counts), with where and why. */
  readonly problems: readonly PreviewRowProblem[];
}

export interface PreviewRowProblem {
  /** Index into `rows`; that row then holds the record's text as read, in one cell. */
  readonly row: number;
  /** Where (line or record number) and what is wrong, in words. */
  readonly message: string;
}

export interface ImportPreviewRequest {
  readonly source: ImportSource;
  readonly options?: ImportOptions;
}

export const previewRowLimit = 50;
