import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PiiFinding, PrivacyResult } from '../../../../preload/contract/governance';
import type { LineageEvent } from '../../../../preload/contract/lineage';
import type { Cell, DatasetSummary, ImportResult } from '../../../../preload/contract/types';
import { Host } from '../../host';
import { tempDir } from '../../testing';
import { datasetStorage, type DatasetStorage } from '../../../../native-workers/project/columns/chunk-store';
import { storages, storeAs } from '../../../../native-workers/project/columns/testing';

const dir = tempDir('assay-privacy-');
const people = path.join(dir, 'people.csv');
fs.writeFileSync(
  people,
  [
    'id,full_name,email,phone,iban,card,amount',
    '1,Ada Lovelace,ada@example.org,+44 20 7946 0958,GB82 WEST 1234 5698 7654 32,4111 1111 1111 1111,10.5',
    '2,Alan Turing,alan@example.org,+44 20 7946 0000,DE89370400440532013000,5500-0000-0000-0004,7',
    '3,Grace Hopper,grace@example.com,+1 202 555 0143,NL91ABNA0417164300,340000000000009,3.25',
    '4,Edsger Dijkstra,,+31 20 555 1234,FR14 2004 1010 0505 0001 3M02 606,6011000000000004,1',
  ].join('\n') + '\n',
);

async function importPeople(host: Host, storage: DatasetStorage = 'rows'): Promise<number> {
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: people } })) as { jobId: string };
  expect((await host.jobs.wait(jobId)).status).toBe('succeeded');
  const id = (host.jobs.resultOf(jobId) as ImportResult).datasetId;
  storeAs(host.currentProject!.db, id, storage);
  return id;
}

async function apply(host: Host, spec: Parameters<Host['privacy']['apply']>[0]): Promise<PrivacyResult> {
  const { jobId } = (await host.dispatch('privacy:apply', spec)) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  expect(job.error ?? null).toBeNull();
  return host.jobs.resultOf(jobId) as PrivacyResult;
}

async function column(host: Host, datasetId: number, name: string): Promise<Cell[]> {
  const page = (await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: 100 })) as { columns: { name: string }[]; rows: Cell[][] };
  const i = page.columns.findIndex((c) => c.name === name);
  return i < 0 ? [] : page.rows.map((r) => r[i]);
}

describe.each(storages)('privacy: detect, then pseudonymise / mask / drop with a key kept outside the project, datasets stored as %s', (storage) => {
  it('finds the personal columns and applies the actions in one job, recorded in lineage', async () => {
    const project = path.join(dir, `p-${storage}.assay`);
    const host = new Host({ mode: 'browser', version: '1.2.3', configDir: path.join(dir, 'config') });
    host.newProject(project);
    const d1 = await importPeople(host, storage);
    const found = (await host.dispatch('privacy:scan', { datasetId: d1 })) as PiiFinding[];
    expect(found.map((f) => [f.column, f.kind])).toEqual([
      ['full_name', 'name'],
      ['email', 'email'],
      ['phone', 'phone'],
      ['iban', 'iban'],
      ['card', 'card'],
    ]);

    const keyA = path.join(dir, `keys-${storage}`, 'a.key');
    expect(await host.dispatch('privacy:key', { keyFile: keyA })).toEqual({ store: 'file', location: keyA, fingerprint: null });
    const r1 = await apply(host, {
      datasetId: d1,
      keyFile: keyA,
      actions: [
        { column: 'email', action: 'pseudonymise' },
        { column: 'card', action: 'mask', keepLast: 4 },
        { column: 'phone', action: 'drop' },
      ],
    });
    expect(r1).toMatchObject({ rows: 4, cellsChanged: 7, columnsDropped: ['phone'] });
    expect(fs.statSync(keyA).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyA, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);

    const emails = await column(host, d1, 'email');
    expect(emails[3]).toBeNull();
    expect(emails.slice(0, 3).every((e) => typeof e === 'string' && /^[0-9a-f]{32}$/.test(e))).toBe(true);
    expect(await column(host, d1, 'card')).toEqual(['***************1111', '***************0004', '***********0009', '************0004']);
    const ds = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.id === d1);
    expect(ds?.columns.map((c) => c.name)).toEqual(['id', 'full_name', 'email', 'iban', 'card', 'amount']);
    expect(await column(host, d1, 'amount')).toEqual([10.5, 7, 3.25, 1]);
    expect(datasetStorage(host.currentProject!.db, d1)).toBe(storage);

    // Same key, another import of the same file: identical pseudonyms, so the datasets still join.
    // An append leaves a dropped staging table behind in free pages: those must not keep raw values either.
    const d2 = await importPeople(host);
    const { jobId: appendJob } = (await host.dispatch('import:start', { source: { kind: 'path', path: people }, append: { datasetId: d2 } })) as { jobId: string };
    expect((await host.jobs.wait(appendJob)).status).toBe('succeeded');
    storeAs(host.currentProject!.db, d2, storage);
    await apply(host, { datasetId: d2, keyFile: keyA, actions: [{ column: 'email', action: 'pseudonymise' }] });
    expect(await column(host, d2, 'email')).toEqual([...emails, ...emails]);
    // Another key: other pseudonyms.
    const d3 = await importPeople(host, storage);
    const r3 = await apply(host, { datasetId: d3, keyFile: path.join(dir, `keys-${storage}`, 'b.key'), actions: [{ column: 'email', action: 'pseudonymise' }] });
    const other = await column(host, d3, 'email');
    expect(other.slice(0, 3).every((e, i) => e !== emails[i])).toBe(true);
    expect(r3.keyFingerprint).not.toBe(r1.keyFingerprint);

    const lineage = (await host.dispatch('lineage:list', { datasetId: d1 })) as LineageEvent[];
    expect(lineage.map((e) => e.event)).toEqual(['import', 'privacy']);
    expect(lineage[1].detail).toMatchObject({
      key: { store: 'file', location: keyA, fingerprint: r1.keyFingerprint },
      method: 'HMAC-SHA256, first 128 bits as hex',
      columnsDropped: ['phone'],
      cellsChanged: 7,
      appVersion: '1.2.3',
    });
    // After pseudonymisation the scan no longer sees e-mail addresses there.
    const after = (await host.dispatch('privacy:scan', { datasetId: d1 })) as PiiFinding[];
    expect(after.find((f) => f.column === 'email')).toBeUndefined();
    await host.close();

    // The key is nowhere in the project file (nor in its runs, lineage or job records), in hex or raw.
    const bytes = fs.readFileSync(project);
    expect(bytes.includes(Buffer.from(key, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(key, 'hex'))).toBe(false);
    expect(bytes.includes(Buffer.from(Buffer.from(key, 'hex').toString('base64')))).toBe(false);
    expect(fs.existsSync(`${project}-wal`) ? fs.readFileSync(`${project}-wal`).includes(Buffer.from(key, 'utf8')) : false).toBe(false);
    // Nor are the raw e-mail addresses (every dataset pseudonymised them): no copy lingers in freed pages, nor in
    // the unused space of a page still in use (chunks deleted by the conversion to rows above).
    expect(bytes.includes(Buffer.from('ada@example.org'))).toBe(false);
    expect(bytes.includes(Buffer.from('grace@example.com'))).toBe(false);
  }, 60_000);
});

describe('privacy refusals', () => {
  it('refuses a key file others can read, an unknown column, and leaves the dataset unchanged', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config2') });
    host.newProject(path.join(dir, 'q.assay'));
    const d = await importPeople(host);
    const loose = path.join(dir, 'loose.key');
    fs.writeFileSync(loose, `${'ab'.repeat(32)}\n`, { mode: 0o644 });
    fs.chmodSync(loose, 0o644);
    await expect(host.dispatch('privacy:apply', { datasetId: d, keyFile: loose, actions: [{ column: 'email', action: 'pseudonymise' }] })).rejects.toThrow(
      /can be read by other users \(mode 644\); run chmod 600/,
    );
    const before = await column(host, d, 'email');
    const { jobId } = (await host.dispatch('privacy:apply', { datasetId: d, actions: [{ column: 'email', action: 'mask' }, { column: 'nope', action: 'drop' }] })) as { jobId: string };
    const job = await host.jobs.wait(jobId);
    expect(job.error?.message).toContain('has no column "nope"');
    expect(await column(host, d, 'email')).toEqual(before);
    // Without a key file named, the default one lives in the config folder, outside the project.
    await apply(host, { datasetId: d, actions: [{ column: 'email', action: 'pseudonymise' }] });
    expect(fs.statSync(path.join(dir, 'config2', 'privacy.key')).mode & 0o777).toBe(0o600);
    await host.close();
  }, 60_000);
});

describe('privacy at import (a RowStage): raw values never reach the project', () => {
  it('gives the same pseudonyms as the job under the same key, masks, and records it in lineage', async () => {
    const project = path.join(dir, 'stage.assay');
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config3') });
    host.newProject(project);
    const keyFile = path.join(dir, 'keys', 'stage.key');
    const { jobId } = (await host.dispatch('import:start', {
      source: { kind: 'path', path: people },
      privacy: { keyFile, actions: [{ column: 'email', action: 'pseudonymise' }, { column: 'card', action: 'mask', keepLast: 4 }] },
    })) as { jobId: string };
    const job = await host.jobs.wait(jobId);
    expect(job.error ?? null).toBeNull();
    const staged = (host.jobs.resultOf(jobId) as ImportResult).datasetId;
    const ds = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.id === staged);
    expect(ds?.columns.find((c) => c.name === 'email')?.type).toBe('text');
    expect(await column(host, staged, 'card')).toEqual(['***************1111', '***************0004', '***********0009', '************0004']);

    // The same file imported raw, then pseudonymised by the job under the same key: identical pseudonyms.
    const raw = await importPeople(host);
    await apply(host, { datasetId: raw, keyFile, actions: [{ column: 'email', action: 'pseudonymise' }] });
    expect(await column(host, staged, 'email')).toEqual(await column(host, raw, 'email'));

    const lineage = (await host.dispatch('lineage:list', { datasetId: staged })) as LineageEvent[];
    expect(lineage[0].detail).toMatchObject({
      privacy: { actions: [{ column: 'email', action: 'pseudonymise' }, { column: 'card', action: 'mask', keepLast: 4 }], key: { store: 'file', location: keyFile } },
      stages: { privacy: { cellsPseudonymised: 3, cellsMasked: 4 } },
    });
    await expect(
      host.dispatch('import:start', { source: { kind: 'path', path: people }, privacy: { actions: [{ column: 'phone', action: 'drop' }] } }).then(async (r) => {
        const j = await host.jobs.wait((r as { jobId: string }).jobId);
        return j.error?.message;
      }),
    ).resolves.toContain('cannot be dropped while importing');
    await host.close();
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    expect(fs.readFileSync(project).includes(Buffer.from(key))).toBe(false);
  }, 60_000);
});
