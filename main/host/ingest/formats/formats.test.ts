import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { ImportOptions, ImportPreview } from '../../../../preload/contract/import-options';
import type { ImportResult, JobInfo, RowPage } from '../../../../preload/contract/types';
import { Host } from '../../host';
import { tempDir } from '../../testing';
import { countTableRows, storedDatasetCount, tableRows } from '../../../../native-workers/project/inspect';

const dir = tempDir('assay-formats-');
let n = 0;

function newHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `f${++n}.assay`));
  return host;
}

async function importFile(host: Host, file: string, options?: ImportOptions): Promise<{ job: JobInfo; result: ImportResult | undefined }> {
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file }, ...(options ? { options } : {}) })) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  return { job, result: host.jobs.resultOf(jobId) as ImportResult | undefined };
}

async function rows(host: Host, datasetId: number, limit = 5): Promise<RowPage> {
  return (await host.dispatch('dataset:rows', { datasetId, offset: 0, limit })) as RowPage;
}

function preview(host: Host, file: string, options: ImportOptions = {}): Promise<ImportPreview> {
  return host.dispatch('import:preview', { source: { kind: 'path', path: file }, options }) as Promise<ImportPreview>;
}

function write(name: string, data: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

function lineage(host: Host, datasetId: number): Record<string, unknown> {
  const row = tableRows(host.currentProject!.db, 'lineage', { columns: ['detail'], where: { dataset_id: datasetId } })[0] as { detail: string };
  return JSON.parse(row.detail) as Record<string, unknown>;
}

function datasetTables(host: Host): number {
  return storedDatasetCount(host.currentProject!.db);
}

const people = 'name;city;score\nÅsa;Malmö;1,5\nJosé;São Paulo;2\n"Zoë; Jr";Zürich;3\n';

describe('formats and encodings, detected by content', () => {
  it('delimited text: semicolons, tabs, pipes and a headerless file, sniffed', async () => {
    const host = newHost();
    const semi = write('semi.txt', people);
    const p = await preview(host, semi);
    expect(p).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', quote: '"', header: true, columns: ['name', 'city', 'score'] });
    expect(p.rows[2]).toEqual(['Zoë; Jr', 'Zürich', '3']);

    const tsv = write('t.data', 'a\tb\n1\t2\n3\t4\n');
    expect(await preview(host, tsv)).toMatchObject({ delimiter: '\t', header: true, columns: ['a', 'b'] });
    const pipes = write('p.csv', "1|'x|y'|3.5\n2|'z'|4.5\n");
    const pp = await preview(host, pipes);
    expect(pp).toMatchObject({ delimiter: '|', quote: "'", header: false, columns: ['column_1', 'column_2', 'column_3'] });
    expect(pp.rows[0]).toEqual(['1', 'x|y', '3.5']);
    const { result } = await importFile(host, pipes);
    expect(result).toMatchObject({ rowsStored: 2, rowsQuarantined: 0 });
    expect((await rows(host, result?.datasetId ?? 0)).rows).toEqual([
      [1, 'x|y', 3.5],
      [2, 'z', 4.5],
    ]);
    // The user's choices win over sniffing.
    expect(await preview(host, pipes, { header: true })).toMatchObject({ columns: ['1', 'x|y', '3.5'] });
    await host.close();
  });

  const encodings: [string, Buffer, string][] = [
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(people)]), 'utf-8'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(people, 'utf16le')]), 'utf-16le'],
    ['UTF-16LE without BOM', Buffer.from(people, 'utf16le'), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(people, 'utf16le').swap16()]), 'utf-16be'],
    ['UTF-16BE without BOM', Buffer.from(people, 'utf16le').swap16(), 'utf-16be'],
    ['Latin-1', Buffer.from(people, 'latin1'), 'windows-1252'],
  ];
  for (const [label, bytes, encoding] of encodings) {
    it(`reads ${label}`, async () => {
      const host = newHost();
      const file = write(`enc-${label.replace(/\W/g, '')}.csv`, bytes);
      expect(await preview(host, file)).toMatchObject({ encoding, delimiter: ';', columns: ['name', 'city', 'score'] });
      const { result } = await importFile(host, file);
      expect(result).toMatchObject({ rowsStored: 3, rowsQuarantined: 0 });
      const page = await rows(host, result?.datasetId ?? 0);
      expect(page.rows.map((r) => r[0])).toEqual(['Åsa', 'José', 'Zoë; Jr']);
      expect(page.rows.map((r) => r[1])).toEqual(['Malmö', 'São Paulo', 'Zürich']);
      expect(lineage(host, result?.datasetId ?? 0)).toMatchObject({ encoding, delimiter: ';' });
      await host.close();
    });
  }

  it('mixed encodings: detected UTF-8 that turns invalid fails at the byte; a chosen encoding decodes every byte', async () => {
    const host = newHost();
    const head = `id,name\n${Array.from({ length: 20_000 }, (_, i) => `${i},Zoë`).join('\n')}\n`;
    const bad = Buffer.concat([Buffer.from(head), Buffer.from('20000,Zo\xeb\n', 'latin1')]);
    const file = write('mixed.csv', bad);
    const { job } = await importFile(host, file);
    expect(job.error?.code).toBe('MIXED_ENCODING');
    const at = Buffer.byteLength(head) + 8;
    expect(job.error?.message).toContain(`until byte ${at.toLocaleString('en-US')} (line 20002)`);
    expect(job.error?.detail).toMatch(/--encoding windows-1252/);
    expect(datasetTables(host)).toBe(0);
    const { result } = await importFile(host, file, { encoding: 'windows-1252' });
    expect(result).toMatchObject({ rowsStored: 20_001 });
    expect((await rows(host, result?.datasetId ?? 0, 1)).rows[0]).toEqual([0, 'ZoÃ«']);
    await host.close();
  });

  it('JSON: records at a path the user picks, candidates in the preview; NDJSON gzip-compressed', async () => {
    const host = newHost();
    const doc = { meta: { count: 3, source: 'test' }, data: { items: [{ id: 1, v: { x: 0.5 } }, { id: 2, v: { x: 1.5 } }, { id: 3, v: { x: 2.5 } }], errors: [{ code: 7 }] } };
    const file = write('wrapped.json', JSON.stringify(doc, null, 2));
    const p = await preview(host, file);
    expect(p).toMatchObject({ format: 'json', recordsPaths: ['data.items', 'data.errors'], recordsPath: 'data.items', columns: ['id', 'v.x'] });
    expect(p.rows).toEqual([
      ['1', '0.5'],
      ['2', '1.5'],
      ['3', '2.5'],
    ]);
    const picked = await importFile(host, file, { recordsPath: 'data.errors' });
    expect(picked.result).toMatchObject({ rowsStored: 1 });
    expect((await rows(host, picked.result?.datasetId ?? 0)).columns.map((c) => c.name)).toEqual(['code']);
    const missing = await importFile(host, file, { recordsPath: 'data.nope' });
    expect(missing.job.error?.message).toMatch(/no array at the records path "data.nope"/);

    const nd = write('events.ndjson.gz', zlib.gzipSync(Buffer.from(Array.from({ length: 1000 }, (_, i) => JSON.stringify({ t: i, ok: i % 2 === 0 })).join('\n'))));
    expect(await preview(host, nd)).toMatchObject({ format: 'ndjson', gzip: true, columns: ['t', 'ok'] });
    const { result } = await importFile(host, nd);
    expect(result).toMatchObject({ rowsStored: 1000 });
    // t counts 0, 1, 2…: a row number, which schema inference types as an id.
    expect((await rows(host, result?.datasetId ?? 0)).columns.map((c) => c.type)).toEqual(['id', 'boolean']);
    await host.close();
  });

  it('Parquet: typed columns read row group by row group', async () => {
    const host = newHost();
    const count = 25_000;
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Int32Array.from({ length: count }, (_, i) => i), type: 'INT32' },
        { name: 'x', data: Float64Array.from({ length: count }, (_, i) => i / 4), type: 'DOUBLE' },
        { name: 'label', data: Array.from({ length: count }, (_, i) => (i % 7 === 0 ? null : `l${i % 3}`)), type: 'STRING' },
        { name: 'flag', data: Array.from({ length: count }, (_, i) => i % 2 === 0), type: 'BOOLEAN' },
        { name: 'at', data: Array.from({ length: count }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 60_000)), type: 'TIMESTAMP' },
      ],
      rowGroupSize: 10_000,
    });
    const file = write('typed.parquet', Buffer.from(buf));
    const p = await preview(host, file);
    expect(p).toMatchObject({ format: 'parquet', encoding: null, columns: ['id', 'x', 'label', 'flag', 'at'] });
    expect(p.rows).toHaveLength(50);
    expect(p.rows[1]).toEqual(['1', '0.25', 'l1', 'false', '2024-01-01T00:01:00.000Z']);
    const { result } = await importFile(host, file);
    expect(result).toMatchObject({ rowsRead: count, rowsStored: count, rowsQuarantined: 0 });
    const page = await rows(host, result?.datasetId ?? 0, 2);
    expect(page.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['id:integer', 'x:number', 'label:text', 'flag:boolean', 'at:text']);
    expect(page.rows[0]).toEqual([0, 0, null, 1, '2024-01-01T00:00:00.000Z']);
    const last = (await host.dispatch('dataset:rows', { datasetId: result?.datasetId, offset: count - 1, limit: 1 })) as RowPage;
    expect(last.rows[0][0]).toBe(count - 1);
    expect(lineage(host, result?.datasetId ?? 0)).toMatchObject({ format: 'parquet', bytes: buf.byteLength });
    await host.close();
  });

  it('xlsx: sheet picker, dates from Excel serials, formulas as their results', async () => {
    const host = newHost();
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('Notes');
    notes.addRow(['just', 'text']);
    const sales = wb.addWorksheet('Sales');
    sales.addRow(['day', 'units', 'price', 'total']);
    for (let i = 0; i < 300; i++) {
      const r = sales.addRow([new Date(Date.UTC(2024, 2, 1 + i)), i, 2.5, null]);
      r.getCell(4).value = { formula: `B${i + 2}*C${i + 2}`, result: i * 2.5 };
    }
    // A serial number shown as a date: Excel stores 45352 (2024-03-01) with a date format.
    const serial = sales.addRow([45352, 1, 1, 1]);
    serial.getCell(1).numFmt = 'yyyy-mm-dd';
    const file = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(file);

    const first = await preview(host, file);
    expect(first).toMatchObject({ format: 'xlsx', sheets: ['Notes', 'Sales'], sheet: 'Notes', columns: ['just', 'text'] });
    const p = await preview(host, file, { sheet: 'Sales' });
    expect(p).toMatchObject({ sheet: 'Sales', columns: ['day', 'units', 'price', 'total'] });
    expect(p.rows[1]).toEqual(['2024-03-02T00:00:00.000Z', '1', '2.5', '2.5']);
    const { result } = await importFile(host, file, { sheet: 'Sales' });
    expect(result).toMatchObject({ rowsStored: 301, rowsQuarantined: 0 });
    const last = (await host.dispatch('dataset:rows', { datasetId: result?.datasetId, offset: 300, limit: 1 })) as RowPage;
    expect(last.rows[0][0]).toBe('2024-03-01T00:00:00.000Z');
    const nope = await importFile(host, file, { sheet: 'Nope' });
    expect(nope.job.error?.message).toMatch(/has no sheet named "Nope". Its sheets are: Notes, Sales/);
    await host.close();
  });
});

describe('bad input: a clear error saying where, and the project as before', () => {
  const cases: [string, string, () => Buffer | string, string, RegExp][] = [
    ['corrupt Parquet', 'c.parquet', () => Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 7), Buffer.from('PAR1')]), 'BAD_INPUT', /not a Parquet file Assay can read/],
    ['corrupt xlsx', 'c.xlsx', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 9)]), 'BAD_INPUT', /not an .xlsx workbook Assay can read/],
    ['password-protected xlsx', 'p.xlsx', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)]), 'UNSUPPORTED', /password-protected/],
    ['a huge single-line JSON record', 'huge.json', () => `[{"a": "${'x'.repeat(3 << 20)}"}]`, 'BAD_INPUT', /a record longer than 1,048,576 characters/],
    ['a bad delimiter option', 'd.csv', () => 'a,b\n1,2\n', 'BAD_INPUT', /delimiter must be one character/],
  ];
  for (const [label, name, make, code, message] of cases) {
    it(label, async () => {
      const host = newHost();
      const file = write(name, make());
      const { job } = await importFile(host, file, label.includes('delimiter') ? { delimiter: ';;' } : undefined);
      expect(job.status).toBe('failed');
      expect(job.error?.code).toBe(code);
      expect(job.error?.message).toMatch(message);
      expect(datasetTables(host)).toBe(0);
      expect(countTableRows(host.currentProject!.db, 'datasets')).toBe(0);
      await host.close();
    });
  }

  it('ragged rows and malformed quotes are quarantined with their line', async () => {
    const host = newHost();
    const file = write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,"x"y,12\n13,14,15\n');
    const { result } = await importFile(host, file);
    expect(result).toMatchObject({ rowsRead: 5, rowsStored: 2, rowsQuarantined: 3 });
    const q = tableRows(host.currentProject!.db, 'quarantine', { columns: ['line', 'reason'], orderBy: 'line' }) as { line: number; reason: string }[];
    expect(q.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(q[0].reason).toBe('expected 3 fields, found 2');
    expect(q[2].reason).toBe("malformed quotes: text follows a closing quote");
    await host.close();
  });

  it('the preview shows the rows the import would quarantine: their line, why, and their text as read', async () => {
    const host = newHost();
    // Bob's city spans two lines, so Ann's broken quote is on line 4 and the short row on line 5.
    const file = write('broken-preview.csv', 'name,age,city\nBob,40,"Ber\ngen"\n"Ann,30,Oslo\nCy,50\nEd,70,Alta\n');
    const p = await preview(host, file);
    expect(p.rows).toHaveLength(4);
    expect(p.problems.map((x) => x.row)).toEqual([1, 2]);
    expect(p.problems[0].message).toBe('Line 4: malformed quotes: a quote opened on this line is never closed. The import sends this row to quarantine.');
    expect(p.problems[1].message).toBe('Line 5: expected 3 fields, found 2. The import sends this row to quarantine.');
    // The broken row is shown as read, not as a blank row of placeholders.
    expect(p.rows[1]).toEqual(['"Ann,30,Oslo']);
    expect(p.rows[3]).toEqual(['Ed', '70', 'Alta']);
    // The import agrees: the same two rows go to quarantine.
    const { result } = await importFile(host, file);
    expect(result).toMatchObject({ rowsStored: 2, rowsQuarantined: 2 });
    await host.close();
  });

  it('a file that grows while it is read', async () => {
    const host = newHost();
    const file = write('growing.csv', `a,b\n${Array.from({ length: 1_500_000 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`);
    const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file } })) as { jobId: string };
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel) => {
        if (channel === 'job:progress') {
          off();
          resolve();
        }
      });
    });
    fs.appendFileSync(file, '9,9\n');
    const job = await host.jobs.wait(jobId);
    expect(job.error?.code).toBe('FILE_CHANGED');
    expect(job.error?.message).toMatch(/changed \(grew or was rewritten\) while it was being read/);
    expect(datasetTables(host)).toBe(0);
    await host.close();
  });
});

describe('a full disk', () => {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  // A 3 MB tmpfs holds the project; the import needs more. Needs root to mount (CI runs as root).
  it.skipIf(!root)('stops the import with DISK_FULL and leaves the project as it was', async () => {
    const { execFileSync } = await import('node:child_process');
    const mnt = fs.mkdtempSync(path.join(dir, 'tiny-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.newProject(path.join(mnt, 'full.assay'));
      const small = write('small.csv', 'a,b\n1,2\n');
      expect((await importFile(host, small)).result).toMatchObject({ rowsStored: 1 });
      const big = write('big-for-tmpfs.csv', `a,b,c\n${Array.from({ length: 200_000 }, (_, i) => `${i},${i * 0.5},text number ${i}`).join('\n')}\n`);
      const { job } = await importFile(host, big);
      expect(job.status).toBe('failed');
      expect(job.error?.code).toBe('DISK_FULL');
      expect(job.error?.message).toMatch(/disk holding the project is full; the import of big-for-tmpfs.csv stopped and was undone/);
      // Dropping the failed import's table needs room in the WAL too: on a disk this full it may stay,
      // never visible (still 'importing'), until the next writable open recovers it.
      expect(datasetTables(host)).toBeLessThanOrEqual(2);
      expect(countTableRows(host.currentProject!.db, 'datasets', { status: 'ready' })).toBe(1);
      expect((await host.dispatch('dataset:list', null)) as unknown[]).toHaveLength(1);
      // Closing checkpoints the WAL, which a full disk may refuse; the data stays in the WAL,
      // so the project opens again with the first dataset and nothing of the failed import.
      await host.close().catch(() => undefined);
      const again = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
      again.openProject(path.join(mnt, 'full.assay'), true);
      expect(((await again.dispatch('dataset:list', null)) as { name: string }[]).map((d) => d.name)).toEqual(['small']);
      await again.close().catch(() => undefined);
    } finally {
      await host.close().catch(() => undefined);
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
