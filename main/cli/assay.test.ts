import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, childPids, sharedData, tempDir, waitFor, writeCsv } from '../host/testing';
import { ProjectStore } from '../../native-workers/project/store';
import { countTableRows, integrityCheck, storedDatasetCount, storedRowsSoFar, tableRows } from '../../native-workers/project/inspect';
import { openDatabase } from '../../native-workers/project/open';
import { cliEnv, cliPath, cliRunner } from './testing';

const dir = tempDir();
const env = cliEnv(dir);

const assay = cliRunner({ env });

describe('assay CLI', () => {
  const project = path.join(dir, 'cli.assay');

  it('new, import --json, info --json', () => {
    expect(assay('new', project)).toMatchObject({ code: 0 });
    const imp = assay('import', project, path.join(sharedData, 'PimaIndiansDiabetes.csv'), '--name', 'pima', '--json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ dataset: 'pima', rowsRead: 768, rowsStored: 768 });
    const info = assay('info', project, '--json');
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout) as { datasets: { name: string; rows: number }[]; runs: { kind: string; status: string }[]; backend: { name: string; reason: string } };
    expect(parsed.datasets).toEqual([expect.objectContaining({ name: 'pima', rows: 768 })]);
    expect(parsed.runs).toEqual([expect.objectContaining({ kind: 'import', status: 'succeeded' })]);
    expect(parsed.backend.name).toBe('wasm');
    expect(assay('info', project).stdout).toMatch(/backend\s+wasm/);
  });

  it('import says which columns were typed over stray values and that their rows went to quarantine (--json and text); counts are singular at 1', () => {
    const ages = path.join(dir, 'ages.csv');
    const lines = Array.from({ length: 100 }, (_, i) => `p${i},${i === 42 ? 'n/a?' : 20 + (i % 50)}`);
    fs.writeFileSync(ages, `name,age\n${lines.join('\n')}\n`);
    const own = path.join(dir, 'ages.assay');
    expect(assay('new', own).code).toBe(0);
    const json = assay('import', own, ages, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ rowsStored: 99, rowsQuarantined: 1, typeMisfits: [{ column: 'age', type: 'integer', rowsQuarantined: 1 }] });
    const text = assay('import', own, ages);
    expect(text.stdout).toContain('(1 row quarantined)');
    expect(text.stdout).toContain('age: integer; 1 value does not fit, its row went to quarantine');
    expect(assay('quarantine', own, 'ages').stdout).toContain('age: "n/a?" is not an integer');
  });

  it('exits non-zero with one line on stderr for bad input', () => {
    const binary = path.join(dir, 'blob.csv');
    fs.writeFileSync(binary, Buffer.from([0, 1, 2, 3, 0, 0, 255]));
    const bad = assay('import', project, binary, '--json');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^assay: blob\.csv looks like a binary file/);

    const notProject = path.join(dir, 'text.assay');
    fs.writeFileSync(notProject, 'hello');
    expect(assay('info', notProject)).toMatchObject({ code: 1, stderr: expect.stringMatching(/not an Assay project/) });
    expect(fs.readFileSync(notProject, 'utf8')).toBe('hello');

    expect(assay('frobnicate').code).toBe(2);
    expect(assay('import', project).code).toBe(2);
    expect(assay('serve', '--port', 'x').code).toBe(2);
  });

  it('survives kill -9 of the host mid-import: integrity ok, the import absent', async () => {
    const crash = path.join(dir, 'crash.assay');
    expect(assay('new', crash).code).toBe(0);
    const big = writeCsv(path.join(dir, 'crash.csv'), 2_000_000);
    const child = spawn(process.execPath, [cliPath, 'import', crash, big], { env, stdio: 'ignore' });
    const reader = openDatabase(crash, { readonly: true });
    // Wait until rows are really being written, then pull the plug.
    await waitFor(() => storedRowsSoFar(reader, 1) > 50_000, { what: 'the import to write 50,000 rows', timeoutMs: 60_000 });
    reader.close();
    const workers = childPids(child.pid!);
    expect(workers.length, 'the import runs in a worker process').toBeGreaterThan(0);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The orphaned worker notices the lost IPC and exits; only then is the file left alone.
    await waitFor(() => workers.every((pid) => !alive(pid)), { what: 'the orphaned worker to exit' });

    const raw = openDatabase(crash, { readonly: true });
    expect(integrityCheck(raw)).toBe('ok');
    expect(countTableRows(raw, 'datasets', { status: 'ready' })).toBe(0);
    raw.close();

    const store = ProjectStore.open(crash);
    expect(countTableRows(store.db, 'datasets')).toBe(0);
    expect(storedDatasetCount(store.db)).toBe(0);
    expect(tableRows(store.db, 'runs')[0]?.['status']).toBe('failed');
    store.close();
    const info = JSON.parse(assay('info', crash, '--json').stdout) as { datasets: unknown[] };
    expect(info.datasets).toEqual([]);
  });

  it('serve prints the URL with its token first, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [cliPath, 'serve', project, '--port', '0'], { env });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().split('\n')[0]));
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+$/);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(401);
    child.kill('SIGTERM');
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
  });
});
