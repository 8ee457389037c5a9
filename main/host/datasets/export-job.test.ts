import fs from 'node:fs';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { DatasetExportStarted, ImportResult, RowPage } from '../../../preload/contract';
import { Host } from '../host';
import { tempDir } from '../testing';

const dir = tempDir('assay-export-job-');

async function withDataset(rows: number): Promise<{ host: Host; datasetId: number }> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `p${rows}.assay`));
  const csv = path.join(dir, `d${rows}.csv`);
  const lines = ['id,city,score'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${['Oslo', '"Bergen, NO"', 'Bodø'][i % 3]},${i % 7 === 0 ? '' : i / 4}`);
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: csv } })) as { jobId: string };
  expect((await host.jobs.wait(jobId)).status).toBe('succeeded');
  const result = host.jobs.resultOf(jobId) as ImportResult;
  expect(result.rowsStored).toBe(rows);
  return { host, datasetId: result.datasetId };
}

async function allRows(host: Host, datasetId: number, total: number): Promise<RowPage['rows']> {
  return ((await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: total })) as RowPage).rows;
}

/** RFC 4180 lines as the export writes them (quoted fields hold commas here, no newlines). */
function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    // Split at commas outside quotes (an even number of quotes after them): a trailing empty field stays a field.
    .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((f) => f.replace(/^"|"$/g, '').replace(/""/g, '"')));
}

describe('dataset:export (the grid\'s export, a job)', () => {
  it('writes CSV to a path and Parquet as a browser download, rows equal to the grid\'s, the download sent once', async () => {
    const { host, datasetId } = await withDataset(1000);
    const rows = await allRows(host, datasetId, 1000);
    const to = path.join(dir, 'out.csv');
    const started = (await host.dispatch('dataset:export', { datasetId, format: 'csv', to })) as DatasetExportStarted;
    expect(started).toMatchObject({ file: to, download: null });
    const job = await host.jobs.wait(started.jobId);
    expect(job).toMatchObject({ status: 'succeeded', exported: { rows: 1000, misfits: 0 } });
    const [head, ...body] = csvRows(fs.readFileSync(to, 'utf8'));
    expect(head).toEqual(['id', 'city', 'score']);
    expect(body).toEqual(rows.map((r) => r.map((v) => (v === null ? '' : String(v)))));

    const dl = (await host.dispatch('dataset:export', { datasetId, format: 'parquet' })) as DatasetExportStarted;
    expect(dl.download).toMatch(/^\/download\/[0-9a-f-]{36}$/);
    expect(dl.file).toBe(`d1000.parquet`);
    expect((await host.jobs.wait(dl.jobId)).status).toBe('succeeded');
    const ready = host.downloads.ready(dl.download!.slice('/download/'.length));
    expect(ready?.name).toBe('d1000.parquet');
    const buf = fs.readFileSync(ready!.file);
    const back = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    expect(back.map((o) => [Number(o['id']), o['city'], o['score']])).toEqual(rows);
    host.downloads.remove(ready!.id);
    expect(fs.existsSync(ready!.file)).toBe(false);
    await host.close();
  }, 120_000);

  it('refuses a path whose extension is not the format, and a cancelled export leaves no file', async () => {
    const { host, datasetId } = await withDataset(300_000);
    await expect(host.dispatch('dataset:export', { datasetId, format: 'parquet', to: path.join(dir, 'x.csv') })).rejects.toThrow(/x\.csv does not end in \.parquet/);
    const to = path.join(dir, 'big.arrow');
    const { jobId } = (await host.dispatch('dataset:export', { datasetId, format: 'arrow', to })) as DatasetExportStarted;
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel, payload) => {
        const p = payload as { jobId: string; progress: { value: number } };
        if (channel === 'job:progress' && p.jobId === jobId && p.progress.value > 0) {
          off();
          host.jobs.cancel(jobId);
          resolve();
        }
      });
    });
    expect((await host.jobs.wait(jobId)).status).toBe('cancelled');
    expect(fs.existsSync(to)).toBe(false);
    expect(fs.existsSync(`${to}.partial`)).toBe(false);
    await host.close();
  }, 180_000);
});
