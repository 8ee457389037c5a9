/**
 * A dataset written to a file for other tools: CSV (RFC 4180, dates as the ISO text they are stored
 * as), Parquet (hyparquet-writer, one row group per page) or Arrow IPC (apache-arrow, one record
 * batch per page). Rows are read a page at a time whatever the dataset's storage, and written to
 * FILE.partial renamed over FILE at the end, so a failed export leaves no half file under its name.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DataType, RecordBatch } from 'apache-arrow';
import type { ColumnSource } from 'hyparquet-writer';
import { AssayError } from '../../preload/contract/errors';
import type { Cell, ColumnInfo, ColumnType } from '../../preload/contract/types';
import { datasetExportFormats, type DatasetExportFormat, type ExportedData } from '../../preload/contract/dataset-export';
import { datasetPages } from './dataset-pages';
import { datasetColumns, requireReadyDataset } from './datasets';
import type { Db } from './open';


/** Rows per page: one Parquet row group or Arrow record batch each. */
const pageRows = 65_536;

/** The format a file name asks for; BAD_INPUT names the ones there are. */
export function exportFormatOf(file: string): DatasetExportFormat {
  const ext = path.extname(file).slice(1).toLowerCase();
  const format = ext === 'feather' || ext === 'ipc' ? 'arrow' : ext;
  if ((datasetExportFormats as readonly string[]).includes(format)) return format as DatasetExportFormat;
  throw new AssayError('BAD_INPUT', `Cannot tell the format of "${path.basename(file)}": name the file .csv, .parquet or .arrow.`);
}

/** How a column's cells are typed in Parquet and Arrow: numbers, booleans, or text (dates stay ISO 8601 text). */
type Kind = 'integer' | 'number' | 'boolean' | 'text';

function kindOf(type: ColumnType): Kind {
  return type === 'integer' || type === 'number' || type === 'boolean' ? type : 'text';
}

/** A page's column as values of its kind; a cell that does not fit becomes null and is counted. */
function typedColumn(page: readonly Cell[][], j: number, kind: Kind, misfit: () => void): (bigint | number | boolean | string | null)[] {
  return page.map((row) => {
    const v = row[j] ?? null;
    if (v === null) return null;
    if (kind === 'text') return String(v);
    if (typeof v !== 'number' || (kind === 'integer' && !Number.isSafeInteger(v)) || (kind === 'boolean' && v !== 0 && v !== 1)) {
      misfit();
      return null;
    }
    return kind === 'integer' ? BigInt(v) : kind === 'boolean' ? v === 1 : v;
  });
}

function csvCell(v: Cell): string {
  // Null is an empty field; an empty string is quoted, so a reader can tell them apart.
  if (v === null) return '';
  const t = String(v);
  return t === '' || /[",\r\n]/.test(t) || t !== t.trim() ? `"${t.replace(/"/g, '""')}"` : t;
}

type PageSink = { write(page: Cell[][]): Promise<void> | void; close(): Promise<void> | void };

function csvSink(file: string, cols: readonly ColumnInfo[]): PageSink {
  const out = fs.createWriteStream(file);
  const put = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let first = true;
  return {
    async write(page) {
      if (first) await put(`${cols.map((c) => csvCell(c.name)).join(',')}\r\n`);
      first = false;
      await put(page.map((row) => `${row.map(csvCell).join(',')}\r\n`).join(''));
    },
    async close() {
      if (first) await put(`${cols.map((c) => csvCell(c.name)).join(',')}\r\n`);
      out.end();
      await once(out, 'finish');
    },
  };
}

const parquetTypes = { integer: 'INT64', number: 'DOUBLE', boolean: 'BOOLEAN', text: 'STRING' } as const;

// The Parquet and Arrow libraries load when an export asks for them (~0.2 s of CPU together, which every
// CLI start paid when they were imported at the top).
async function parquetSink(file: string, cols: readonly ColumnInfo[], misfit: () => void): Promise<PageSink> {
  const { fileWriter, ParquetWriter, schemaFromColumnData } = await import('hyparquet-writer');
  const kinds = cols.map((c) => kindOf(c.type));
  const source = (page: readonly Cell[][]): ColumnSource[] =>
    cols.map((c, j) => ({ name: c.name, data: typedColumn(page, j, kinds[j]!, misfit), type: parquetTypes[kinds[j]!], nullable: true }));
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: schemaFromColumnData({ columnData: source([]) }), createdBy: 'assay' });
  return {
    write: (page) => writer.write({ columnData: source(page), rowGroupSize: pageRows }),
    close: () => writer.finish(),
  };
}

async function arrowSink(file: string, cols: readonly ColumnInfo[], misfit: () => void): Promise<PageSink> {
  const { Bool, Field, Float64, Int64, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8, vectorFromArray } = await import('apache-arrow');
  const arrowTypes: Record<Kind, () => DataType> = { integer: () => new Int64(), number: () => new Float64(), boolean: () => new Bool(), text: () => new Utf8() };
  const kinds = cols.map((c) => kindOf(c.type));
  const writer = new RecordBatchFileWriter();
  const done = pipeline(writer.toNodeStream(), fs.createWriteStream(file));
  // One schema for every batch, every field nullable: a batch's own inferred schema may differ
  // from the first's (a page without nulls), and a writer given a new schema starts a new file.
  const schema = new Schema(cols.map((c, j) => new Field(c.name, arrowTypes[kinds[j]!](), true)));
  const batch = (page: readonly Cell[][]): RecordBatch => {
    const children = cols.map((_, j) => vectorFromArray(typedColumn(page, j, kinds[j]!, misfit), schema.fields[j]!.type as DataType).data[0]!);
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: page.length, nullCount: 0, children }));
  };
  let wrote = false;
  return {
    async write(page) {
      writer.write(batch(page));
      wrote = true;
      // Lets the file stream drain what this batch added before the next is built.
      await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      // An empty dataset still has a schema: one empty batch carries it.
      if (!wrote) writer.write(batch([]));
      writer.finish();
      await done;
    },
  };
}

/** What a long export reports to and hears from its caller (a job: progress and cancel), between pages. */
export interface ExportWatch {
  /** Rows written so far, of `total`. */
  progress(rows: number, total: number): void;
  /** Before each page: throws (or rejects) to stop the export, and the half-written file is removed. */
  checkCancelled(): void | Promise<void>;
}

/** Writes ready dataset `datasetId` to `file` in the format its name asks for. */
export async function exportDatasetFile(db: Db, datasetId: number, file: string, watch?: ExportWatch): Promise<ExportedData> {
  const format = exportFormatOf(file);
  const ds = requireReadyDataset(db, datasetId);
  const cols = datasetColumns(db, datasetId);
  const partial = `${file}.partial`;
  let misfits = 0;
  const misfit = (): void => void misfits++;
  const sink = format === 'csv' ? csvSink(partial, cols) : format === 'parquet' ? await parquetSink(partial, cols, misfit) : await arrowSink(partial, cols, misfit);
  let rows = 0;
  try {
    for (const page of datasetPages(db, ds, cols.length, pageRows)) {
      await watch?.checkCancelled();
      await sink.write(page);
      rows += page.length;
      watch?.progress(rows, ds.rowCount);
    }
    await sink.close();
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { file, format, rows, columns: cols.length, misfits };
}
