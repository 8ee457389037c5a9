import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../host/testing';
import { storedRowsSoFar, tableRows } from '../../native-workers/project/inspect';
import { listLineage } from '../../native-workers/project/lineage';
import { openDatabase } from '../../native-workers/project/open';
import { cliEnv, cliPath, runCli } from './testing';

const dir = tempDir('assay-watch-');
// A settle time long enough that the test can grow a file before it is read, even on a loaded machine.
const env = { ...cliEnv(dir), ASSAY_WATCH_SETTLE_MS: '1500', ASSAY_WATCH_POLL_MS: '300' };
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

interface Line {
  file: string;
  status: string;
  reason: string | null;
  sha256: string | null;
}

/** A running `assay watch`, read line by line; waits name what they wait for and time out. */
function startWatch(project: string, folder: string, extra: string[] = []) {
  const child = spawn(process.execPath, [cliPath, 'watch', project, folder, '--json', ...extra], { env });
  children.push(child);
  const lines: Line[] = [];
  let stderr = '';
  let buf = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)) as Line);
      buf = buf.slice(i + 1);
    }
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let from = 0;
  /** The next line (after those already taken) for `file` with `status`. */
  const next = (file: string, status: string, timeoutMs = 30_000): Promise<Line> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${status}" line for ${file} within ${timeoutMs} ms; got ${JSON.stringify(lines.slice(from))}\n${stderr}`)), timeoutMs);
      const check = (): void => {
        const k = lines.findIndex((l, j) => j >= from && l.file === file && l.status === status);
        if (k >= 0) {
          clearTimeout(timer);
          from = k + 1;
          resolve(lines[k]);
        } else waiters.push(check);
      };
      check();
    });
  return { child, lines, next, exited, stderr: () => stderr };
}

function csv(rows: number, start = 0): string {
  return `id,value\n${Array.from({ length: rows }, (_, i) => `${start + i},${(start + i) * 1.5}`).join('\n')}\n`;
}

describe('assay watch (a real child process on a real folder)', () => {
  it('ingests new files, appends later ones, skips unchanged and unsupported files with the reason, waits for a growing file', async () => {
    const project = path.join(dir, 'w.assay');
    expect(runCli(['new', project], { env }).code).toBe(0);
    const folder = path.join(dir, 'inbox');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.csv'), csv(10));

    const w = startWatch(project, folder);
    const a = await w.next('a.csv', 'ingested');
    expect(a.reason).toBe('10 rows');

    fs.writeFileSync(path.join(folder, 'notes.pdf'), '%PDF-1.4 not data');
    expect((await w.next('notes.pdf', 'skipped')).reason).toBe('not a supported format (.pdf)');

    // Touched without a change: new mtime, same bytes → skipped, not imported again.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(folder, 'a.csv'), later, later);
    const touched = await w.next('a.csv', 'skipped');
    expect(touched.reason).toBe('unchanged (same content as when it was ingested)');
    expect(touched.sha256).toBe(a.sha256);

    // A file still being written waits until it settles, then goes in whole.
    const growing = path.join(folder, 'b.csv');
    fs.writeFileSync(growing, csv(5, 100));
    await w.next('b.csv', 'waiting');
    fs.appendFileSync(growing, `${Array.from({ length: 5 }, (_, i) => `${105 + i},1`).join('\n')}\n`);
    expect((await w.next('b.csv', 'appended')).reason).toBe('10 rows');

    // Changed content of a known file is read again and appended.
    fs.writeFileSync(path.join(folder, 'a.csv'), csv(3, 200));
    expect((await w.next('a.csv', 'appended')).reason).toBe('3 rows');

    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);

    const db = openDatabase(project, { readonly: true });
    const ds = tableRows(db, 'datasets', { columns: ['id', 'name', 'row_count'], where: { status: 'ready' } }) as { id: number; name: string; row_count: number }[];
    expect(ds).toEqual([{ id: ds[0].id, name: 'inbox', row_count: 23 }]);
    expect(storedRowsSoFar(db, ds[0].id)).toBe(23);
    const events = listLineage(db, ds[0].id);
    expect(events.map((e) => e.event)).toEqual(['import', 'append', 'append']);
    const files = tableRows(db, 'source_files', { columns: ['name', 'status', 'reason'], orderBy: 'name' });
    expect(files).toEqual([
      { name: 'a.csv', status: 'appended', reason: '3 rows' },
      { name: 'b.csv', status: 'appended', reason: '10 rows' },
      { name: 'notes.pdf', status: 'skipped', reason: 'not a supported format (.pdf)' },
    ]);
    db.close();

    // Started again: known files are not read again; a file that no longer fits fails naming the column.
    fs.writeFileSync(path.join(folder, 'c.csv'), 'id,value,extra\n1,2,3\n');
    const again = startWatch(project, folder);
    const c = await again.next('c.csv', 'failed');
    expect(c.reason).toContain('new column "extra" (integer) is not in the dataset');
    expect(again.lines.filter((l) => l.file === 'a.csv' || l.file === 'b.csv')).toEqual([]);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 120_000);

  it('--append fails clearly naming the column and the difference, and appends when the schema fits', () => {
    const project = path.join(dir, 'a.assay');
    expect(runCli(['new', project], { env }).code).toBe(0);
    const base = path.join(dir, 'base.csv');
    fs.writeFileSync(base, csv(4));
    expect(runCli(['import', project, base, '--name', 'sales'], { env }).code).toBe(0);
    const more = path.join(dir, 'more.csv');
    fs.writeFileSync(more, csv(2, 50));
    const ok = runCli(['import', project, more, '--append', '--name', 'sales', '--json'], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ dataset: 'sales', rowsStored: 2 });
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'id,value\n1,lots\n');
    const r = runCli(['import', project, bad, '--append', '--name', 'sales'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('column "value" is text in the file but number in the dataset');
    const missing = runCli(['import', project, bad, '--append', '--name', 'nope'], { env });
    expect(missing.stderr).toContain('No dataset "nope" to append to; the project has "sales"');
    const db = openDatabase(project, { readonly: true });
    expect(tableRows(db, 'datasets', { columns: ['row_count'], where: { status: 'ready' } })).toEqual([{ row_count: 6 }]);
    db.close();
  }, 60_000);
});
