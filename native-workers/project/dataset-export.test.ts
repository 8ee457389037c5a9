import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetReadObjects, parquetSchema, parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { Cell, ColumnType } from '../../preload/contract/types';
import { chunkRows } from './columns/chunk-codec';
import { convertToColumns } from './columns/convert';
import { rowDataset } from './columns/testing';
import { ProjectStore } from './store';
import { tempDir } from '../../main/host/testing';
import { exportDatasetFile, exportFormatOf } from './dataset-export';

const columns: { name: string; type: ColumnType }[] = [
  { name: 'id', type: 'integer' },
  { name: 'score', type: 'number' },
  { name: 'ok', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'note, "quoted"', type: 'text' },
];
const notes = ['plain', 'a,b', 'say "hi"', 'two\nlines', '', ' padded', 'Zürich 🚀', null];

function row(i: number): Cell[] {
  return [i === 3 ? 2 ** 53 - 1 : i - 2, i % 4 === 0 ? null : i / 8, i % 5 === 0 ? null : i % 2, `2024-03-${String((i % 28) + 1).padStart(2, '0')}`, notes[i % notes.length]!];
}

/** What a row reads back as from Parquet or Arrow: integers as bigint, booleans as booleans. */
function typed(r: Cell[]): unknown[] {
  return [BigInt(r[0] as number), r[1], r[2] === null ? null : r[2] === 1, r[3], r[4]];
}

describe('exportDatasetFile', () => {
  for (const storage of ['rows', 'columns'] as const) {
    it(`writes CSV, Parquet and Arrow that read back to the stored values (${storage})`, async () => {
      const dir = tempDir();
      const store = ProjectStore.create(path.join(dir, 'export.assay'));
      const n = storage === 'columns' ? chunkRows + 10 : 300;
      const id = rowDataset(store.db, 'people', columns, n, row);
      if (storage === 'columns') convertToColumns(store.db, id, columns.length);
      const expected = Array.from({ length: n }, (_, i) => row(i));

      const csv = await exportDatasetFile(store.db, id, path.join(dir, 'out.csv'));
      expect(csv).toMatchObject({ format: 'csv', rows: n, columns: 5, misfits: 0 });
      const text = fs.readFileSync(csv.file, 'utf8');
      const lines = text.split('\r\n');
      expect(lines.slice(0, 10)).toEqual([
        'id,score,ok,day,"note, ""quoted"""',
        '-2,,,2024-03-01,plain',
        '-1,0.125,1,2024-03-02,"a,b"',
        '0,0.25,0,2024-03-03,"say ""hi"""',
        '9007199254740991,0.375,1,2024-03-04,"two\nlines"',
        '2,,0,2024-03-05,""',
        '3,0.625,,2024-03-06," padded"',
        '4,0.75,0,2024-03-07,Zürich 🚀',
        '5,0.875,1,2024-03-08,',
        '6,,0,2024-03-09,plain',
      ]);
      expect(lines.length).toBe(n + 2);

      const pq = await exportDatasetFile(store.db, id, path.join(dir, 'out.parquet'));
      expect(pq).toMatchObject({ format: 'parquet', rows: n, misfits: 0 });
      const bytes = fs.readFileSync(pq.file);
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const meta = parquetMetadata(file);
      expect(parquetSchema(meta).children.map((c) => [c.element.name, c.element.type])).toEqual([
        ['id', 'INT64'],
        ['score', 'DOUBLE'],
        ['ok', 'BOOLEAN'],
        ['day', 'BYTE_ARRAY'],
        ['note, "quoted"', 'BYTE_ARRAY'],
      ]);
      const back = (await parquetReadObjects({ file })) as Record<string, unknown>[];
      expect(back.map((o) => columns.map((c) => o[c.name]))).toEqual(expected.map(typed));

      const arrow = await exportDatasetFile(store.db, id, path.join(dir, 'out.arrow'));
      expect(arrow).toMatchObject({ format: 'arrow', rows: n });
      const table = tableFromIPC(fs.readFileSync(arrow.file));
      expect(table.numRows).toBe(n);
      expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
        ['id', 'Int64'],
        ['score', 'Float64'],
        ['ok', 'Bool'],
        ['day', 'Utf8'],
        ['note, "quoted"', 'Utf8'],
      ]);
      const arrowRows = table.toArray().map((r: Record<string, unknown>) => columns.map((c) => r[c.name]));
      expect(arrowRows).toEqual(expected.map(typed));
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
      store.close();
    });
  }

  it('writes a cell that does not fit its column type empty in Parquet and Arrow, and counts it; CSV keeps it as it is', async () => {
    const dir = tempDir();
    const store = ProjectStore.create(path.join(dir, 'misfit.assay'));
    const id = rowDataset(store.db, 'odd', [{ name: 'n', type: 'integer' }], 3, (i) => [i === 1 ? 'n/a' : i]);
    const csv = await exportDatasetFile(store.db, id, path.join(dir, 'o.csv'));
    expect(csv.misfits).toBe(0);
    expect(fs.readFileSync(csv.file, 'utf8')).toBe('n\r\n0\r\nn/a\r\n2\r\n');
    const arrow = await exportDatasetFile(store.db, id, path.join(dir, 'o.arrow'));
    expect(arrow.misfits).toBe(1);
    expect(tableFromIPC(fs.readFileSync(arrow.file)).toArray().map((r: { n: bigint | null }) => r.n)).toEqual([0n, null, 2n]);
    store.close();
  });

  it('refuses a file name whose format it cannot tell, naming the ones it writes', () => {
    expect(() => exportFormatOf('/tmp/out.xlsx')).toThrow('name the file .csv, .parquet or .arrow');
    expect(exportFormatOf('/tmp/OUT.Parquet')).toBe('parquet');
  });
});
