import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../preload/contract/errors';
import type { DatasetSummary, ImportResult, JobInfo } from '../../preload/contract/types';
import { Host } from './host';
import { sharedData, tempDir, writeCsv } from './testing';
import { countTableRows, storedDatasetCount, tableRows } from '../../native-workers/project/inspect';

const dir = tempDir();
let n = 0;

function newHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `h${++n}.assay`));
  return host;
}

async function importFile(host: Host, file: string, name?: string): Promise<{ job: JobInfo; result: ImportResult | undefined }> {
  const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file }, ...(name ? { name } : {}) })) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  return { job, result: host.jobs.resultOf(jobId) as ImportResult | undefined };
}

async function datasets(host: Host): Promise<DatasetSummary[]> {
  return (await host.dispatch('dataset:list', null)) as DatasetSummary[];
}

function tableCount(host: Host): number {
  return storedDatasetCount(host.currentProject!.db);
}

describe('Host: import and profile a real CSV', () => {
  it('imports mlc_churn with types, lineage and a run record, then profiles it', async () => {
    const host = newHost();
    const { job, result } = await importFile(host, path.join(sharedData, 'mlc_churn.csv'));
    expect(job.status).toBe('succeeded');
    expect(result).toMatchObject({ name: 'mlc_churn', rowsRead: 5000, rowsStored: 5000, rowsQuarantined: 0 });
    const [ds] = await datasets(host);
    expect(ds.rowCount).toBe(5000);
    expect(ds.columns.find((c) => c.name === 'account_length')?.type).toBe('integer');
    expect(ds.columns.find((c) => c.name === 'total_day_minutes')?.type).toBe('number');
    expect(ds.columns.find((c) => c.name === 'churn')?.type).toBe('categorical');
    const page = (await host.dispatch('dataset:rows', { datasetId: ds.id, offset: 4998, limit: 10 })) as { rows: unknown[][] };
    expect(page.rows).toHaveLength(2);
    const last = fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8').trim().split('\n').at(-1) ?? '';
    expect(page.rows[1][0]).toBe(JSON.parse(last.split(',')[0]));

    const db = host.currentProject?.db;
    const lineage = tableRows(db!, 'lineage', { columns: ['event', 'detail'] })[0] as { event: string; detail: string };
    expect(lineage.event).toBe('import');
    expect(JSON.parse(lineage.detail)).toMatchObject({ rowsStored: 5000, sha256: result?.sha256 });
    const run = tableRows(db!, 'runs', { columns: ['kind', 'status', 'started_at', 'finished_at'] })[0] as Record<string, string>;
    expect(run).toMatchObject({ kind: 'import', status: 'succeeded' });
    expect(run.started_at <= run.finished_at).toBe(true);

    const { jobId } = (await host.dispatch('profile:start', { datasetId: ds.id })) as { jobId: string };
    expect((await host.jobs.wait(jobId)).status).toBe('succeeded');
    const profile = (await host.dispatch('dataset:profile', { datasetId: ds.id })) as { columns: { name: string; mean: number | null }[] };
    expect(profile.columns).toHaveLength(20);
    expect(profile.columns.find((c) => c.name === 'account_length')?.mean).toBeCloseTo(100.2586, 3);
    await host.close();
  });

  it('keeps malformed rows in quarantine with their reason, never dropped', async () => {
    const host = newHost();
    const file = path.join(dir, 'ragged.csv');
    fs.writeFileSync(file, 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    const { result } = await importFile(host, file);
    expect(result).toMatchObject({ rowsRead: 4, rowsStored: 2, rowsQuarantined: 2 });
    const q = tableRows(host.currentProject!.db, 'quarantine', { columns: ['line', 'raw', 'reason'], orderBy: 'line' });
    expect(q).toEqual([
      { line: 2, raw: '4,5', reason: 'expected 3 fields, found 2' },
      { line: 3, raw: '6,7,8,9', reason: 'expected 3 fields, found 4' },
    ]);
    await host.close();
  });

  it('widens a column whose later values do not fit the sampled type', async () => {
    const host = newHost();
    const file = path.join(dir, 'widen.csv');
    const rows = Array.from({ length: 6000 }, (_, i) => `${i},${i * 2}`);
    rows.push('6000,oops');
    fs.writeFileSync(file, `id,v\n${rows.join('\n')}\n`);
    await importFile(host, file);
    const [ds] = await datasets(host);
    // The running id column is typed id; v widens from integer to text.
    expect(ds.columns.map((c) => c.type)).toEqual(['id', 'text']);
    expect(ds.rowCount).toBe(6001);
    await host.close();
  });

  it('reads UTF-8 with BOM, UTF-16 LE and Windows-1252 text', async () => {
    const host = newHost();
    const bom = path.join(dir, 'bom.csv');
    fs.writeFileSync(bom, '\ufeffname,city\nZoë,Zürich\n');
    const utf16 = path.join(dir, 'u16.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,city\nZoë,Zürich\n', 'utf16le')]));
    const latin = path.join(dir, 'latin.csv');
    fs.writeFileSync(latin, Buffer.from('name,city\nZo\xeb,Z\xfcrich\n', 'latin1'));
    for (const file of [bom, utf16, latin]) {
      const { result } = await importFile(host, file);
      const page = (await host.dispatch('dataset:rows', { datasetId: result?.datasetId, offset: 0, limit: 5 })) as {
        columns: { name: string }[];
        rows: unknown[][];
      };
      expect(page.columns.map((c) => c.name)).toEqual(['name', 'city']);
      expect(page.rows).toEqual([['Zoë', 'Zürich']]);
    }
    await host.close();
  });
});

describe('Host: the profile after an import', () => {
  it('starts by itself once the import has succeeded, so dataset:profile answers without anyone asking', async () => {
    const host = newHost();
    const order: string[] = [];
    host.push.subscribe((channel, payload) => {
      const job = payload as JobInfo;
      if (channel === 'job:update' && (job.status === 'queued' || job.status === 'succeeded')) order.push(`${job.kind} ${job.status}`);
    });
    const { job, result } = await importFile(host, path.join(sharedData, 'co2.csv'));
    expect(job.status).toBe('succeeded');
    const profileJob = host.jobs.list().find((j) => j.kind === 'profile');
    expect(profileJob).toMatchObject({ title: 'Profile co2' });
    const done = await host.jobs.wait(profileJob?.id ?? '');
    expect(done).toMatchObject({ status: 'succeeded', datasetId: result?.datasetId });
    // Clients hear that the import succeeded before the profile job exists.
    expect(order).toEqual(['import queued', 'import succeeded', 'profile queued', 'profile succeeded']);
    const profile = (await host.dispatch('dataset:profile', { datasetId: result?.datasetId })) as { rowCount: number; columns: unknown[] } | null;
    expect(profile).toMatchObject({ rowCount: 468 });
    expect(profile?.columns.length).toBeGreaterThan(0);
    expect((await datasets(host))[0]?.hasProfile).toBe(true);
    const runs = tableRows(host.currentProject!.db, 'runs', { columns: ['kind', 'status'], orderBy: 'id' });
    expect(runs).toEqual([
      { kind: 'import', status: 'succeeded' },
      { kind: 'profile', status: 'succeeded' },
    ]);
    // Its run keeps the outline: the values (raw top values) stay in profiles, which privacy clears.
    const run = tableRows(host.currentProject!.db, 'runs', { columns: ['result'], where: { kind: 'profile' } })[0] as { result: string };
    expect(JSON.parse(run.result)).toEqual({ datasetId: result?.datasetId, rowCount: 468, columns: profile?.columns.length, createdAt: expect.any(String) });
    await host.close();
  });

  it('does not hold a project switch up: it is cancelled, and its run says so in its own project', async () => {
    const host = newHost();
    const file = host.currentProject?.path ?? '';
    const { job } = await importFile(host, path.join(sharedData, 'mlc_churn.csv'));
    expect(job.status).toBe('succeeded');
    const profileJob = host.jobs.list().find((j) => j.kind === 'profile');
    expect(profileJob?.status).not.toBe('succeeded');
    await host.dispatch('project:new', { path: path.join(dir, `after-switch${n}.assay`) });
    expect((await host.jobs.wait(profileJob?.id ?? '')).status).toBe('cancelled');
    // Nothing of the old project's profile reaches the project open now.
    expect(countTableRows(host.currentProject!.db, 'runs')).toBe(0);
    await host.dispatch('project:open', { path: file });
    const runs = tableRows(host.currentProject!.db, 'runs', { columns: ['kind', 'status'], orderBy: 'id' });
    expect(runs).toEqual([
      { kind: 'import', status: 'succeeded' },
      { kind: 'profile', status: 'cancelled' },
    ]);
    expect((await datasets(host))[0]?.hasProfile).toBe(false);
    await host.close();
  });

  it('is not started by a host that says so (the one-shot CLI)', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), profileImports: false });
    host.newProject(path.join(dir, `h${++n}.assay`));
    const { job } = await importFile(host, path.join(sharedData, 'co2.csv'));
    expect(job.status).toBe('succeeded');
    expect(host.jobs.list().map((j) => j.kind)).toEqual(['import']);
    await host.close();
  });
});

describe('Host: JSON, NDJSON and gzip', () => {
  it('imports a JSON array of nested objects, an NDJSON file and a gzip-compressed CSV', async () => {
    const host = newHost();
    const arrayFile = path.join(dir, 'people.json');
    const records = Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, name: `p${i}`, address: { city: i % 2 ? 'Oslo' : 'Lima', zip: 1000 + i }, tags: ['a', 'b'], ok: i % 3 === 0 }));
    fs.writeFileSync(arrayFile, JSON.stringify(records));
    const ndjson = path.join(dir, 'events.ndjson');
    fs.writeFileSync(ndjson, `${records.slice(0, 10).map((r) => JSON.stringify({ id: r.id, v: r.id * 0.5 })).join('\n')}\n{"id": 11, "v": 5.5, "surprise": 1}\n{not json}\n`);
    const gz = path.join(dir, 'churn.csv.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'))));

    const a = await importFile(host, arrayFile);
    expect(a.result).toMatchObject({ rowsRead: 3000, rowsStored: 3000, rowsQuarantined: 0 });
    const page = (await host.dispatch('dataset:rows', { datasetId: a.result?.datasetId, offset: 0, limit: 2 })) as { columns: { name: string; type: string }[]; rows: unknown[][] };
    expect(page.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['id:id', 'name:text', 'address.city:categorical', 'address.zip:integer', 'tags:categorical', 'ok:boolean']);
    expect(page.rows[0]).toEqual([1, 'p0', 'Lima', 1000, '["a","b"]', 1]);

    // Columns are the keys of the first 5,000 records (all of them here); a broken record is quarantined.
    const n = await importFile(host, ndjson);
    expect(n.result).toMatchObject({ rowsRead: 12, rowsStored: 11, rowsQuarantined: 1 });
    const q = tableRows(host.currentProject!.db, 'quarantine', { columns: ['line', 'raw', 'reason'], where: { dataset_id: n.result!.datasetId } }) as { line: number; raw: string; reason: string }[];
    expect(q).toEqual([{ line: 12, raw: '{not json}', reason: expect.stringMatching(/not valid JSON/) }]);

    // A record with a key the sample never had is quarantined, not silently cut.
    const late = path.join(dir, 'late.ndjson');
    fs.writeFileSync(late, `${Array.from({ length: 5001 }, (_, i) => JSON.stringify({ id: i })).join('\n')}\n{"id": 5001, "surprise": true}\n`);
    const l = await importFile(host, late);
    expect(l.result).toMatchObject({ rowsRead: 5002, rowsStored: 5001, rowsQuarantined: 1 });
    const lq = tableRows(host.currentProject!.db, 'quarantine', { columns: ['line', 'reason'], where: { dataset_id: l.result!.datasetId } })[0] as { line: number; reason: string };
    expect(lq).toEqual({ line: 5002, reason: 'has field(s) not in the first 5000 records: surprise' });

    const g = await importFile(host, gz);
    expect(g.result).toMatchObject({ name: 'churn.csv', rowsStored: 5000 });
    const lineage = tableRows(host.currentProject!.db, 'lineage', { columns: ['detail'], where: { dataset_id: g.result!.datasetId } })[0] as { detail: string };
    expect(JSON.parse(lineage.detail)).toMatchObject({ format: 'csv', compression: 'gzip', bytes: fs.statSync(gz).size });
    await host.close();
  });
});

describe('Host: bad input gives a clear error and leaves nothing behind', () => {
  const cases: [string, (file: string) => void, string, RegExp][] = [
    ['empty file', (f) => fs.writeFileSync(f, ''), 'EMPTY_FILE', /is empty/],
    ['binary file', (f) => fs.writeFileSync(f, Buffer.from([1, 2, 0, 0, 0, 3, 200, 0, 17])), 'UNSUPPORTED', /binary/],
    ['PNG image', (f) => fs.writeFileSync(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), 'UNSUPPORTED', /PNG image/],
    ['JSON that is not an array of objects', (f) => fs.writeFileSync(f, '[1, 2, 3]'), 'BAD_INPUT', /not JSON Assay can read: it holds no array of objects/],
    ['truncated gzip', (f) => {
        const csv = `a,b\n${Array.from({ length: 50_000 }, (_, i) => `${i},${Math.sin(i)}`).join('\n')}\n`;
        const gz = zlib.gzipSync(Buffer.from(csv));
        fs.writeFileSync(f, gz.subarray(0, Math.floor(gz.length / 2)));
      }, 'BAD_INPUT', /damaged or truncated gzip/],
    ['JSON array cut short', (f) => fs.writeFileSync(f, '[{"a": 1}, {"a": 2}'), 'BAD_INPUT', /ends in the middle of the document \(the file may be cut short\)/],
    ['10 MB line', (f) => fs.writeFileSync(f, `a,b\n1,${'x'.repeat(10 * 1024 * 1024)}\n`), 'BAD_INPUT', /Line 2 .* longer than/],
    ['missing file', () => undefined, 'NOT_FOUND', /could not be found/],
  ];
  for (const [label, make, code, message] of cases) {
    it(label, async () => {
      const host = newHost();
      const file = path.join(dir, `bad-${label.replace(/\W/g, '')}.csv`);
      make(file);
      const { job } = await importFile(host, file);
      expect(job.status).toBe('failed');
      expect(job.error?.code).toBe(code);
      expect(job.error?.message).toMatch(message);
      expect(await datasets(host)).toEqual([]);
      expect(tableCount(host)).toBe(0);
      expect(countTableRows(host.currentProject!.db, 'datasets')).toBe(0);
      const run = tableRows(host.currentProject!.db, 'runs', { columns: ['status', 'error'] })[0] as { status: string; error: string };
      expect(run.status).toBe('failed');
      expect(JSON.parse(run.error).code).toBe(code);
      await host.close();
    });
  }

  it('a file deleted while it is being read', async () => {
    const host = newHost();
    const file = writeCsv(path.join(dir, 'vanishing.csv'), 1_500_000);
    const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file } })) as { jobId: string };
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress' && (payload as { progress: { value: number } }).progress.value > 0.05) {
          off();
          resolve();
        }
      });
    });
    fs.rmSync(file);
    const job = await host.jobs.wait(jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('FILE_CHANGED');
    expect(job.error?.message).toMatch(/deleted while it was being read/);
    expect(tableCount(host)).toBe(0);
    await host.close();
  });

  it('cancel leaves no trace of the partial import', async () => {
    const host = newHost();
    const file = writeCsv(path.join(dir, 'big.csv'), 1_500_000);
    const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file } })) as { jobId: string };
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel) => {
        if (channel === 'job:progress') {
          off();
          resolve();
        }
      });
    });
    await host.dispatch('job:cancel', { jobId });
    const job = await host.jobs.wait(jobId);
    expect(job.status).toBe('cancelled');
    expect(job.error).toBeNull();
    expect(tableCount(host)).toBe(0);
    expect(countTableRows(host.currentProject!.db, 'datasets')).toBe(0);
    expect((tableRows(host.currentProject!.db, 'runs', { columns: ['status'] })[0] as { status: string }).status).toBe('cancelled');
    await host.close();
  });
});

describe('Host: contract door', () => {
  it('refuses an undeclared channel', async () => {
    const host = newHost();
    await expect(host.dispatch('fs:readFile', { path: '/etc/passwd' })).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    await expect(host.dispatch('__proto__', null)).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
    await host.close();
  });

  it('refuses a malformed request before its handler runs: train:start {model: "evil"} creates no run', async () => {
    const host = newHost();
    await importFile(host, path.join(sharedData, 'co2.csv'));
    const [ds] = await datasets(host);
    const err = (await host.dispatch('train:start', { datasetId: ds.id, target: 'co2', model: 'evil' }).catch((e: unknown) => e)) as AssayError;
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/^train:start: model must be one of "gbdt", "rf", .*; got "evil"/);
    expect(await host.dispatch('train:list', null)).toEqual([]);
    const shapeless = (await host.dispatch('dataset:rows', { datasetId: ds.id }).catch((e: unknown) => e)) as AssayError;
    expect([shapeless.code, shapeless.message]).toEqual(['BAD_INPUT', expect.stringContaining('offset is missing')]);
    await host.close();
  });

  it('refuses every writing channel on a read-only project, with a clear message', async () => {
    const host = newHost();
    await importFile(host, path.join(sharedData, 'co2.csv'));
    const file = host.currentProject?.path ?? '';
    await host.dispatch('project:close', null);
    const before = fs.readFileSync(file);
    const info = (await host.dispatch('project:open', { path: file, readOnly: true })) as { readOnly: boolean };
    expect(info.readOnly).toBe(true);
    const [ds] = await datasets(host);
    expect(ds.rowCount).toBe(468);
    for (const [channel, payload] of [
      ['import:start', { source: { kind: 'path', path: path.join(sharedData, 'co2.csv') } }],
      ['profile:start', { datasetId: ds.id }],
      ['dataset:delete', { datasetId: ds.id }],
    ] as const) {
      const err = (await host.dispatch(channel, payload).catch((e: unknown) => e)) as AssayError;
      expect(err.code).toBe('READ_ONLY');
      expect(err.message).toMatch(/read-only/);
    }
    // Reading still works, and the file is byte-for-byte unchanged.
    expect(((await host.dispatch('dataset:rows', { datasetId: ds.id, offset: 0, limit: 3 })) as { rows: unknown[] }).rows).toHaveLength(3);
    await host.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('imports a browser-mode upload and removes the temporary copy', async () => {
    const host = newHost();
    const upload = await host.uploads.receive('tiny.csv', Readable.from(['x,y\n', '1,2\n']));
    expect(fs.existsSync(upload.path)).toBe(true);
    const { jobId } = (await host.dispatch('import:start', {
      source: { kind: 'upload', uploadId: upload.id, fileName: 'tiny.csv' },
    })) as { jobId: string };
    const job = await host.jobs.wait(jobId);
    expect(job.status).toBe('succeeded');
    expect((await datasets(host))[0]).toMatchObject({ name: 'tiny', rowCount: 1 });
    expect(fs.existsSync(upload.path)).toBe(false);
    await host.close();
  });

  it('lets the user switch projects while the backend probe runs', async () => {
    const host = newHost();
    const probing = host.probeBackend();
    const copy = (await host.dispatch('project:saveAs', { path: path.join(dir, `copy${n}.assay`) })) as { name: string };
    expect(copy.name).toBe(`copy${n}`);
    await probing;
    await host.close();
  });

  it('picks and names the ML backend', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    const backend = await host.probeBackend();
    expect(['wasm', 'webgpu', 'tensorflow', 'tensorflow-gpu', 'cpu']).toContain(backend.name);
    // Each backend before the chosen one is named with why it was skipped (webgpu: no adapter here, or not installed).
    for (const t of backend.tried) expect(backend.reason).toContain(`${t.name}: ${t.error}`);
    expect(backend.reason.length).toBeGreaterThan(0);
    expect(((await host.dispatch('app:info', null)) as { backend: unknown }).backend).toEqual(backend);
    await host.close();
  });
});
