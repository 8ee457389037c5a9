import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import type { ImportLineage } from '../../../preload/contract/lineage';
import type { AppendSpec } from '../../../preload/contract/lineage';
import type { Cell, DatasetSummary, ImportResult, JobInfo } from '../../../preload/contract/types';
import { Host } from '../host';
import { tempDir } from '../testing';
import { countTableRows, datasetCells, storedDatasetCount, tableRows } from '../../../native-workers/project/inspect';

const dir = tempDir();
let n = 0;

function newHost(): Host {
  const host = new Host({ mode: 'browser', version: '9.8.7', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `a${++n}.assay`));
  return host;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function run(host: Host, file: string, append?: AppendSpec): Promise<{ job: JobInfo; result: ImportResult | undefined }> {
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file }, ...(append ? { append } : {}) })) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  return { job, result: host.jobs.resultOf(jobId) as ImportResult | undefined };
}

async function rows(host: Host, datasetId: number): Promise<Cell[][]> {
  return ((await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: 100 })) as { rows: Cell[][] }).rows;
}

async function dataset(host: Host, id: number): Promise<DatasetSummary> {
  const all = (await host.dispatch('dataset:list', null)) as DatasetSummary[];
  const ds = all.find((d) => d.id === id);
  if (!ds) throw new Error(`dataset ${id} not listed`);
  return ds;
}

/** Everything the target dataset consists of, to compare before and after a failed append. */
function snapshot(host: Host, id: number): string {
  const db = host.currentProject?.db;
  if (!db) throw new Error('no project');
  return JSON.stringify([
    tableRows(db, 'datasets', { where: { id } })[0],
    tableRows(db, 'dataset_columns', { where: { dataset_id: id }, orderBy: 'position' }),
    datasetCells(db, id),
    tableRows(db, 'lineage', { where: { dataset_id: id } }),
    countTableRows(db, 'quarantine', { dataset_id: id }),
  ]);
}

function storedDatasets(host: Host): number {
  return storedDatasetCount(host.currentProject!.db);
}

describe('append to an existing dataset', () => {
  it('appends a file with the same columns in one go, keeps quarantine and records lineage', async () => {
    const host = newHost();
    const first = await run(host, write('jan.csv', 'id,amount,city\n1,2.5,Oslo\n2,3,Bergen\n'));
    const id = first.result?.datasetId ?? -1;
    // Column order differs and one row is ragged: columns match by name, the bad row is quarantined.
    const second = await run(host, write('feb.csv', 'city,id,amount\nTromsø,3,4.25\n5,6\nBodø,4,1\n'), { datasetId: id });
    expect(second.job.error ?? null).toBeNull();
    expect(second.result).toMatchObject({ datasetId: id, rowsRead: 3, rowsStored: 2, rowsQuarantined: 1 });
    expect(await rows(host, id)).toEqual([
      [1, 2.5, 'Oslo'],
      [2, 3, 'Bergen'],
      [3, 4.25, 'Tromsø'],
      [4, 1, 'Bodø'],
    ]);
    const ds = await dataset(host, id);
    expect(ds).toMatchObject({ rowCount: 4, quarantinedCount: 1 });
    // The staging dataset is gone: only the target's table remains.
    expect((await host.dispatch('dataset:list', null)) as DatasetSummary[]).toHaveLength(1);
    expect(storedDatasets(host)).toBe(1);

    const db = host.currentProject?.db;
    const events = tableRows(db!, 'lineage', { columns: ['event', 'detail'], where: { dataset_id: id }, orderBy: 'id' }) as { event: string; detail: string }[];
    expect(events.map((e) => e.event)).toEqual(['import', 'append']);
    const appended = JSON.parse(events[1].detail) as ImportLineage;
    const feb = fs.readFileSync(path.join(dir, 'feb.csv'));
    expect(appended.source).toMatchObject({ path: path.join(dir, 'feb.csv'), fileName: 'feb.csv', bytes: feb.length });
    expect(appended.source.sha256).toBe((await import('node:crypto')).createHash('sha256').update(feb).digest('hex'));
    expect(appended.counts).toEqual({ read: 3, accepted: 2, quarantined: 1, changed: null });
    expect(appended.appVersion).toBe('9.8.7');
    expect(appended.parser).toMatchObject({ encoding: 'utf-8', format: 'csv', delimiter: ',' });
    expect(appended.schema).toEqual([
      { name: 'city', type: 'text' },
      { name: 'id', type: 'integer' },
      { name: 'amount', type: 'number' },
    ]);
    expect(appended).toMatchObject({ rules: null, recipe: null, schemaChanges: [] });
    await host.close();
  });

  it('refuses a new column or a changed type by name, leaving the dataset exactly as it was', async () => {
    const host = newHost();
    const id = (await run(host, write('base.csv', 'id,amount\n1,2\n2,3\n'))).result?.datasetId ?? -1;
    const before = snapshot(host, id);

    const extra = await run(host, write('extra.csv', 'id,amount,note\n3,4,hi\n'), { datasetId: id });
    expect(extra.job.status).toBe('failed');
    expect(extra.job.error?.code).toBe('SCHEMA_MISMATCH');
    expect(extra.job.error?.message).toContain('new column "note" (text) is not in the dataset');
    expect(JSON.parse(extra.job.error?.detail ?? '[]')).toEqual([{ kind: 'new-column', column: 'note', type: 'text' }]);

    const typed = await run(host, write('typed.csv', 'id,amount\n3,lots\n'), { datasetId: id });
    expect(typed.job.error?.message).toContain('column "amount" is text in the file but integer in the dataset');

    // A type that only disagrees after the inference sample fails at the end, still leaving nothing.
    const late = write('late.csv', `id,amount\n${Array.from({ length: 6000 }, (_, i) => `${i},${i === 5999 ? 'x' : i}`).join('\n')}\n`);
    const lateRun = await run(host, late, { datasetId: id });
    expect(lateRun.job.error?.code).toBe('SCHEMA_MISMATCH');

    expect(snapshot(host, id)).toBe(before);
    expect(storedDatasets(host)).toBe(1);
    await host.close();
  });

  it('adds a new column (old rows null) and casts a changed type when allowed', async () => {
    const host = newHost();
    const id = (await run(host, write('b.csv', 'id,score\n1,10\n2,20\n'))).result?.datasetId ?? -1;
    const r = await run(host, write('c.csv', 'id,score,tag\n3,30.5,a\n4,n/a,b\n5,high,c\n'), { datasetId: id, addColumns: true, castTypes: true });
    expect(r.job.error ?? null).toBeNull();
    // score stays integer: 30.5 is not an integer, "high" is not a number → null (counted in lineage).
    expect(await rows(host, id)).toEqual([
      [1, 10, null],
      [2, 20, null],
      [3, null, 'a'],
      [4, null, 'b'],
      [5, null, 'c'],
    ]);
    const ds = await dataset(host, id);
    expect(ds.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'score', type: 'integer' },
      { name: 'tag', type: 'text' },
    ]);
    const last = tableRows(host.currentProject!.db, 'lineage', { columns: ['detail'], where: { dataset_id: id, event: 'append' } })[0] as { detail: string };
    expect(JSON.parse(last.detail)).toMatchObject({
      castToNull: 2,
      columnsAdded: ['tag'],
      schemaChanges: [
        { kind: 'type-changed', column: 'score', datasetType: 'integer', fileType: 'text' },
        { kind: 'new-column', column: 'tag', type: 'text' },
      ],
    });
    await host.close();
  });

  it('a cancelled append leaves the dataset as it was', async () => {
    const host = newHost();
    const id = (await run(host, write('small.csv', 'id,x\n1,2\n'))).result?.datasetId ?? -1;
    const before = snapshot(host, id);
    const big = path.join(dir, 'big.csv');
    const out = fs.openSync(big, 'w');
    fs.writeSync(out, 'id,x\n');
    const chunk = Array.from({ length: 100_000 }, (_, i) => `${i},${i * 2}`).join('\n') + '\n';
    for (let k = 0; k < 12; k++) fs.writeSync(out, chunk);
    fs.closeSync(out);
    const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: big }, append: { datasetId: id } })) as { jobId: string };
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress' && (payload as { jobId: string }).jobId === jobId) {
          off();
          resolve();
        }
      });
    });
    host.jobs.cancel(jobId);
    expect((await host.jobs.wait(jobId)).status).toBe('cancelled');
    expect(snapshot(host, id)).toBe(before);
    expect(storedDatasets(host)).toBe(1);
    await host.close();
  });

  it('refuses an append to a dataset that does not exist', async () => {
    const host = newHost();
    await expect(host.dispatch('import:start', { source: { kind: 'path', path: write('x.csv', 'a\n1\n') }, append: { datasetId: 42 } })).rejects.toThrow(AssayError);
    await host.close();
  });
});
