import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../preload/contract/types';
import { Host } from '../host';
import { tempDir } from '../testing';

const dir = tempDir('assay-assaysrc-');

describe('another Assay project given as a SQLite source', () => {
  it('is refused with the export-data command to run (naming its datasets), in tables, preview and import alike, and is not written', async () => {
    const other = path.join(dir, 'other.assay');
    const a = new Host({ mode: 'browser', configDir: path.join(dir, 'config-a') });
    a.newProject(other);
    const csv = path.join(dir, 'sales.csv');
    fs.writeFileSync(csv, 'region,units\nnorth,3\nsouth,5\n');
    const { jobId } = (await a.dispatch('import:start', { source: { kind: 'path', path: csv } })) as { jobId: string };
    expect((await a.jobs.wait(jobId)).status).toBe('succeeded');
    expect((a.jobs.resultOf(jobId) as ImportResult).rowsStored).toBe(2);
    await a.close();
    // The file's bytes, and its WAL's size: a read-only SQLite open of a WAL-mode file creates an empty -wal (and -shm)
    // beside it, which holds no change; any frame in it would be a write.
    const bytes = (): string => `${fs.readFileSync(other).toString('base64')}|${fs.existsSync(`${other}-wal`) ? fs.statSync(`${other}-wal`).size : 0}`;
    const before = bytes();

    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config-b') });
    host.newProject(path.join(dir, 'here.assay'));
    const connection = { kind: 'sqlite' as const, database: other };
    const refusal = /other\.assay is an Assay project, not a plain SQLite database.*assay export-data ".*other\.assay" "sales" --to "sales\.parquet" \(its datasets: sales\)/;
    await expect(host.dispatch('source:tables', { connection })).rejects.toThrow(refusal);
    await expect(host.dispatch('source:preview', { connection, select: { table: 'dataset_chunks' } })).rejects.toThrow(refusal);
    const started = (await host.dispatch('source:import', { connection, select: { table: 'datasets' } })) as { jobId: string };
    const job = await host.jobs.wait(started.jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(refusal);
    expect(await host.dispatch('dataset:list', null)).toEqual([]);
    await host.close();
    expect(bytes()).toBe(before);
  }, 60_000);
});
