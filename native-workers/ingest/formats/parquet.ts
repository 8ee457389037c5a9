import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AssayError } from '../../../preload/contract/errors';
import type { SourceValue } from '../writer';
import type { RecordSink, Record_ } from './sink';

const batchRows = 5000;

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
 * Reads a Parquet file one row group at a time (hyparquet + its decompressors), so memory
 * holds one row group, not the file. Values keep their Parquet types. `onProgress` gets the
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
  let rowStart = 0;
  let bytesDone = 0;
  for (const group of metadata.row_groups) {
    if (sink.full) break;
    const n = Number(group.num_rows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({
        file,
        metadata,
        compressors,
        rowStart,
        rowEnd: rowStart + n,
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
    rowStart += n;
    bytesDone += Number(group.total_compressed_size ?? 0n);
    onProgress(bytesDone);
  }
  return { rows: rowStart };
}
