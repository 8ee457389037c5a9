import { asyncBufferFromFile, cachedAsyncBuffer, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AssayError } from '../../../preload/contract/errors';
import type { SourceValue } from '../writer';
import type { RecordSink, Record_ } from './sink';

const batchRows = 5000;
/** Rows decoded at once: hyparquet reads a row range, so memory holds a slice, not a row group. */
const sliceCells = 250_000;
/**
 * More rows than this per compressed byte of a row group cannot be honest data (even a constant
 * column costs a writer a page header per ~20,000 rows), and such a group could not be read in
 * bounded slices: hyparquet skips whole pages only, so each slice would decode its one huge page.
 */
const maxRowsPerByte = 1000;
const minCheckedRows = 100_000;

/** Parquet's typed values as the writer takes them; nested values (lists, structs) become JSON text. */
function toSource(v: unknown): SourceValue {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v instanceof Date) return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

function corrupt(fileName: string, err: unknown): AssayError {
  return new AssayError(
    'BAD_INPUT',
    `${fileName} is not a Parquet file Assay can read: ${err instanceof Error ? err.message : String(err)}. Nothing was imported.`,
    'The file may be damaged or cut short; write it again from its source.',
  );
}

export async function parquetColumns(metadata: FileMetaData): Promise<string[]> {
  return parquetSchema(metadata).children.map((c) => c.element.name);
}

/**
 * Reads a Parquet file in slices of rows within each row group (hyparquet + its
 * decompressors), so memory holds a slice, not a row group; refuses a group that cannot be. Values keep their Parquet types. `onProgress` gets the
 * compressed bytes of the row groups done.
 */
export async function readParquet(path: string, fileName: string, sink: RecordSink, onProgress: (bytesDone: number) => void): Promise<{ rows: number }> {
  let metadata: FileMetaData;
  const file = await asyncBufferFromFile(path);
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw corrupt(fileName, err);
  }
  const names = await parquetColumns(metadata);
  sink.columns(names);
  const rawOf = (r: Record_): string => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i] instanceof Date ? (r[i] as Date).toISOString() : r[i]])), (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  for (const group of metadata.row_groups) {
    const n = Number(group.num_rows);
    const compressed = Number(group.total_compressed_size ?? 0n) || group.columns.reduce((t, c) => t + Number(c.meta_data?.total_compressed_size ?? 0n), 0);
    if (n > minCheckedRows && n > maxRowsPerByte * compressed) {
      throw new AssayError(
        'BAD_INPUT',
        `${fileName} declares ${n.toLocaleString('en-US')} rows in a row group of ${compressed.toLocaleString('en-US')} bytes (over ${maxRowsPerByte} rows per byte): that is what a decompression bomb does, and it cannot be read in bounded memory, so nothing was imported.`,
        'If the file is genuine, write it again with smaller row groups and pages (e.g. pyarrow: row_group_size=100000).',
      );
    }
  }
  const sliceRows = Math.max(1000, Math.floor(sliceCells / Math.max(1, names.length)));
  let rowStart = 0;
  let bytesDone = 0;
  for (const group of metadata.row_groups) {
    const n = Number(group.num_rows);
    // One cache per group: its column chunks are read from disk once, not once per slice.
    const groupFile = cachedAsyncBuffer(file);
    for (let from = rowStart; from < rowStart + n && !sink.full; from += sliceRows) {
      let rows: unknown[][] = [];
      try {
        await parquetRead({
          file: groupFile,
          metadata,
          compressors,
          rowStart: from,
          rowEnd: Math.min(from + sliceRows, rowStart + n),
          onComplete: (data: unknown[][]) => {
            rows = data;
          },
        });
      } catch (err) {
        throw corrupt(fileName, err);
      }
      for (let i = 0; i < rows.length && !sink.full; i += batchRows) {
        sink.rows(
          rows.slice(i, i + batchRows).map((r) => r.map(toSource)),
          rawOf,
        );
      }
    }
    rowStart += n;
    bytesDone += Number(group.total_compressed_size ?? 0n);
    onProgress(bytesDone);
    if (sink.full) break;
  }
  return { rows: rowStart };
}
