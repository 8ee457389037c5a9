import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../../preload/contract/errors';
import type { InferredSchema } from '../../../../preload/contract/schema';
import type { DatasetSummary, ImportResult, ImportSpec } from '../../../../preload/contract/types';
import { Host } from '../../host';
import { distDir } from '../../paths';
import { tempDir } from '../../testing';
import { tableRows } from '../../../../native-workers/project/inspect';

const dir = tempDir();
let n = 0;

function newHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `s${++n}.assay`));
  return host;
}

/** 6,000 rows: past the 5,000-row sample, so later rows are converted with the sampled plan. */
function writeOrders(file: string): string {
  const lines = ['order_id,placed,paid_at,amount,status,note'];
  for (let i = 1; i <= 6000; i++) {
    const placed = `${(i % 28) + 1}/${(i % 12) + 1}/2024`;
    const paid = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00+01:00`;
    lines.push(`${i},${placed},${paid},${(i * 1.25).toFixed(2)},${['new', 'paid', 'shipped'][i % 3]},${i === 5500 ? 'twelve' : i % 7}`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function runImport(host: Host, spec: ImportSpec): Promise<ImportResult> {
  const { jobId } = (await host.dispatch('import:start', spec)) as { jobId: string };
  const job = await host.jobs.wait(jobId);
  if (job.status !== 'succeeded') throw new Error(`import ${job.status}: ${job.error?.message ?? ''}`);
  return host.jobs.resultOf(jobId) as ImportResult;
}

describe('schema inference and overrides through the host and a real import worker', () => {
  it('infers ids, day-first dates, zoned datetimes and categories; stores ISO text', async () => {
    const host = newHost();
    const file = writeOrders(path.join(dir, 'orders.csv'));
    const result = await runImport(host, { source: { kind: 'path', path: file } });
    expect(result).toMatchObject({ rowsRead: 6000, rowsStored: 6000, rowsQuarantined: 0 });
    const [ds] = (await host.dispatch('dataset:list', null)) as DatasetSummary[];
    expect(ds!.columns).toEqual([
      { name: 'order_id', type: 'id' },
      { name: 'placed', type: 'date', format: 'DD/MM/YYYY' },
      { name: 'paid_at', type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssZ' },
      { name: 'amount', type: 'number' },
      { name: 'status', type: 'categorical' },
      // "twelve" in row 5,500 is past the sample: an inferred column widens instead of quarantining.
      { name: 'note', type: 'text' },
    ]);
    const page = (await host.dispatch('dataset:rows', { datasetId: ds!.id, offset: 0, limit: 1 })) as { rows: unknown[][] };
    expect(page.rows[0]).toEqual([1, '2024-02-02', '2024-02-02T09:01:00.000Z', 1.25, 'paid', 1]);
    await host.close();
  });

  it('applies overrides: a value that does not convert goes to quarantine with the column and the reason', async () => {
    const host = newHost();
    const file = writeOrders(path.join(dir, 'orders2.csv'));
    const result = await runImport(host, {
      source: { kind: 'path', path: file },
      schema: { columns: { note: { type: 'integer', rename: 'note_code' }, status: { drop: true }, placed: { format: 'MM/DD/YYYY' } } },
    });
    const db = host.currentProject!.db;
    const quarantined = tableRows(db, 'quarantine', { columns: ['line', 'reason'], orderBy: 'line' }) as { line: number; reason: string }[];
    // MM/DD reads only rows whose day field is ≤ 12; the others and the "twelve" row are quarantined.
    expect(quarantined.find((q) => q.line === 5500)?.reason ?? '').toMatch(/^(placed: .* is not a date in the format MM\/DD\/YYYY|note_code: "twelve" is not an integer)$/);
    expect(quarantined.find((q) => q.line === 13)?.reason).toBe('placed: "14/2/2024" is not a date in the format MM/DD/YYYY');
    const expectedBad = Array.from({ length: 6000 }, (_, k) => k + 1).filter((i) => (i % 28) + 1 > 12 || i === 5500).length;
    expect(result).toMatchObject({ rowsRead: 6000, rowsQuarantined: expectedBad, rowsStored: 6000 - expectedBad });
    const [ds] = (await host.dispatch('dataset:list', null)) as DatasetSummary[];
    expect(ds!.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['order_id:id', 'placed:date', 'paid_at:datetime', 'amount:number', 'note_code:integer']);
    await host.close();
  });

  it('import:infer-schema answers for a preview; malformed overrides are refused before a job starts', async () => {
    const host = newHost();
    const schema = (await host.dispatch('import:infer-schema', {
      columns: ['when', 'uuid'],
      rows: Array.from({ length: 25 }, (_, i) => [`${i + 1}.3.2024`, `0000000${i % 10}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`]),
    })) as InferredSchema;
    expect(schema.columns.map((c) => [c.type, c.format])).toEqual([
      ['date', 'DD.MM.YYYY'],
      ['id', null],
    ]);
    await expect(host.dispatch('import:infer-schema', { columns: 'x', rows: [] } as never)).rejects.toThrow(/import:infer-schema: columns must be/);
    const bad = host.dispatch('import:start', { source: { kind: 'path', path: path.join(dir, 'orders.csv') }, schema: { columns: { a: { type: 'float' } } } } as never);
    await expect(bad).rejects.toBeInstanceOf(AssayError);
    await expect(bad).rejects.toThrow(/type "float"; use one of integer, number/);
    await host.close();
  });

  it('assay import --schema FILE applies the overrides; a bad file is a usage error naming it', () => {
    const cli = path.join(distDir(), 'cli', 'assay.js');
    const env = { ...process.env, ASSAY_HOME: path.join(dir, 'home') };
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, timeout: 60_000 });
    const project = path.join(dir, 'cli.assay');
    expect(run('new', project).status).toBe(0);
    const overrides = path.join(dir, 'schema.json');
    fs.writeFileSync(overrides, JSON.stringify({ columns: { note: { type: 'integer' }, status: { rename: 'state' } } }));
    const ok = run('import', project, writeOrders(path.join(dir, 'orders3.csv')), '--schema', overrides, '--json');
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({ rowsRead: 6000, rowsStored: 5999, rowsQuarantined: 1 });
    fs.writeFileSync(overrides, '{"columns": {"note": {"typ": "integer"}}}');
    const bad = run('import', project, path.join(dir, 'orders3.csv'), '--schema', overrides);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/schema\.json: column "note" has an unknown key "typ"/);
  });
});
