import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, JobInfo } from '../../../../preload/contract/types';
import { xlsxParts, zipBytes } from '../../../../native-workers/ingest/formats/test-zips';
import { Host } from '../../host';
import { tempDir } from '../../testing';

/**
 * Decompression and size bombs (#15 item 7): each is refused with a message that says what to
 * do, or read in bounded memory, and the project file stays small.
 */

const dir = tempDir('assay-bombs-');
const repo = path.resolve(__dirname, '../../../..');
const reader = path.join(dir, 'read-peak.cjs');
let n = 0;

function newHost(): { host: Host; project: string } {
  const project = path.join(dir, `b${++n}.assay`);
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(project);
  return { host, project };
}

function write(name: string, data: Buffer | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

async function importFile(host: Host, file: string): Promise<{ job: JobInfo; result: ImportResult | undefined }> {
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file } })) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  return { job, result: host.jobs.resultOf(jobId) as ImportResult | undefined };
}

/** Reads a whole file as an import does, in a child process, and reports that process's peak RSS. */
function readInChild(file: string): { peakMB: number; rows: number; error: string | null } {
  const res = spawnSync(process.execPath, [reader, file], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_PATH: path.join(repo, 'node_modules') } });
  if (res.status !== 0) throw new Error(`reader failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as { peakMB: number; rows: number; error: string | null };
}

beforeAll(async () => {
  await build({
    stdin: {
      contents: `
        import path from 'node:path';
        import { readSource } from './read-source';
        let rows = 0;
        const sink = { full: false, columns() {}, reject() {}, rows(r: readonly unknown[]) { rows += r.length; } };
        const out = (error: string | null) => console.log(JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024, rows, error }));
        const file = process.argv[2];
        readSource(file, path.basename(file), {}, sink, () => undefined).then(() => out(null), (e: Error) => out(e.message));
      `,
      resolveDir: path.join(repo, 'native-workers/ingest/formats'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: reader,
    logLevel: 'error',
  });
});

const sheetRows = (count: number, cell: { s: number } | { n: number }): ({ s: number } | { n: number })[][] => Array.from({ length: count }, () => [cell]);

describe('xlsx bombs', () => {
  it('one shared string repeated in every row: refused once the text outgrows the file, the project stays small', async () => {
    // ~3 KB on disk, 200 MB of cells: the reported 21 KB workbook that made a 200 MB project.
    const file = write('repeat.xlsx', zipBytes(xlsxParts(['name', 'x'.repeat(200_000)], [[{ s: 0 }], ...sheetRows(1000, { s: 1 })])));
    expect(fs.statSync(file).size).toBeLessThan(10_000);
    const { host, project } = newHost();
    const { job } = await importFile(host, file);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/repeat\.xlsx yields more than 8\.4 MB of text from a \d+\.\d KB file \(over 200 times its size, by repeating shared strings\): that is what a decompression bomb does, so nothing was imported/);
    expect(job.error?.detail).toMatch(/save the sheet as CSV and import that/);
    expect(await host.dispatch('dataset:list', null)).toEqual([]);
    await host.close();
    expect(fs.statSync(project).size).toBeLessThan(20e6);
  });

  it('a 150 MB string deflated ~200 times: refused before exceljs holds it, in bounded memory', async () => {
    const file = write('huge.xlsx', zipBytes(xlsxParts(['name', Buffer.alloc(150 << 20, 0x61)], [[{ s: 0 }], [{ s: 1 }]], 1)));
    expect(fs.statSync(file).size).toBeLessThan(1e6);
    const { host, project } = newHost();
    await expect(host.dispatch('import:preview', { source: { kind: 'path', path: file } })).rejects.toMatchObject({ message: expect.stringMatching(/huge\.xlsx unzips to more than 68\.\d MB from \d+\.\d KB \(over 100 times its size\)/) as unknown });
    const { job } = await importFile(host, file);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/that is what a decompression bomb does, so nothing was imported/);
    await host.close();
    expect(fs.statSync(project).size).toBeLessThan(20e6);
    const child = readInChild(file);
    expect(child.error).toMatch(/unzips to more than/);
    expect(child.peakMB).toBeLessThan(400);
  });

  it('a row with more than 1 MB of text is refused as the CSV reader refuses such a line', async () => {
    const file = write('wide.xlsx', zipBytes(xlsxParts(['name', 'y'.repeat(2 << 20)], [[{ s: 0 }], [{ n: 1 }], [{ s: 1 }]])));
    const { host } = newHost();
    const { job } = await importFile(host, file);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/Row 3 of sheet "Data" in wide\.xlsx holds more than 1\.0 MB of text; this does not look like a table\. Nothing was imported\./);
    await host.close();
  });

  it('an ordinary hand-made workbook still imports', async () => {
    const file = write('fine.xlsx', zipBytes(xlsxParts(['colour', 'red', 'blue'], [[{ s: 0 }], ...Array.from({ length: 50 }, (_, i) => [{ s: 1 + (i % 2) }])])));
    const { host } = newHost();
    const { job, result } = await importFile(host, file);
    expect(job.status).toBe('succeeded');
    expect(result?.rowsStored).toBe(50);
    await host.close();
  });
});

describe('Parquet bombs', () => {
  it('2 M rows of one value in a ~200-byte row group: refused, in bounded memory', async () => {
    const buf = parquetWriteBuffer({ columnData: [{ name: 'x', data: new Int32Array(2_000_000), type: 'INT32' }], rowGroupSize: 2_000_000, pageSize: 1 << 30 });
    const file = write('rows.parquet', new Uint8Array(buf));
    expect(buf.byteLength).toBeLessThan(2000);
    const { host, project } = newHost();
    const { job } = await importFile(host, file);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/rows\.parquet declares 2,000,000 rows in a row group of \d+ bytes \(over 1000 rows per byte\): that is what a decompression bomb does/);
    expect(job.error?.detail).toMatch(/smaller row groups/);
    await host.close();
    expect(fs.statSync(project).size).toBeLessThan(20e6);
    const child = readInChild(file);
    expect(child.error).toMatch(/declares 2,000,000 rows/);
    expect(child.peakMB).toBeLessThan(400);
  });

  it('a large honest row group is read in slices: all rows, bounded memory', () => {
    const count = 2_000_000;
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Int32Array.from({ length: count }, (_, i) => i), type: 'INT32' },
        { name: 'x', data: Float64Array.from({ length: count }, (_, i) => Math.sin(i)), type: 'DOUBLE' },
      ],
      rowGroupSize: count,
    });
    const file = write('honest.parquet', new Uint8Array(buf));
    const child = readInChild(file);
    expect(child).toMatchObject({ rows: count, error: null });
    // Measured: ~230 MB in slices, ~390 MB with the whole group's rows held at once.
    expect(child.peakMB).toBeLessThan(300);
  });
});
