import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import type { ColumnType } from '../../../preload/contract/types';
import { readRows } from '../datasets';
import { countTableRows } from '../inspect';
import { ProjectStore } from '../store';
import { chunkRows } from './chunk-codec';
import { datasetStorage } from './chunk-store';
import { rowDataset, withNewStorage } from './testing';

const root = path.resolve(__dirname, '../../..');

/** Runs `body` (TypeScript, bundled in the repository) in a child process with `env`, kills it -9 when it prints "converted", and returns what it printed. */
async function killWhenConverting(body: string, file: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  // Bundled inside the repository, where the child resolves better-sqlite3; not under dist/, which a packaging test
  // running beside this one copies into an app.asar (a file vanishing mid-copy failed it).
  const script = path.join(root, 'node_modules', '.cache', 'assay-tests', `convert-child-${process.pid}-${Date.now()}.cjs`);
  buildSync({ stdin: { contents: body, resolveDir: root, loader: 'ts' }, bundle: true, packages: 'external', platform: 'node', format: 'cjs', outfile: script, logLevel: 'warning' });
  const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let out = '';
  const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (...a) => resolve(a)));
  await new Promise<void>((resolve, reject) => {
    void exited.then(() => reject(new Error(`The converting child exited before it was killed; it printed: ${out}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('converted')) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  const [, signal] = await exited;
  fs.rmSync(script, { force: true });
  expect(signal).toBe('SIGKILL');
  return out;
}

const pause = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);`;

describe('convertToColumns killed mid-way', () => {
  it('leaves the dataset as it was: its row table whole, no chunks, storage rows', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kill.assay');
    const store = ProjectStore.create(file);
    const types: ColumnType[] = ['integer', 'text'];
    const n = 3 * chunkRows;
    const id = rowDataset(store.db, 'big', types.map((type, j) => ({ name: `c${j}`, type })), n, (i) => [i, `row ${i}`]);
    const before = readRows(store.db, id, 2 * chunkRows, 5);
    store.close();

    // A real process converting the file; after its first chunk's worth it says so and waits, still inside the transaction, to be killed.
    const out = await killWhenConverting(
      `import fs from 'node:fs';
       import { connect } from './native-workers/project/open';
       import { convertToColumns } from './native-workers/project/columns/convert';
       const db = connect(process.argv[2], false);
       convertToColumns(db, ${id}, 2, (rows) => { fs.writeSync(1, 'converted ' + rows + '\\n'); ${pause} });
       fs.writeSync(1, 'done\\n');`,
      file,
    );
    expect(out).toBe(`converted ${chunkRows}\n`);

    // Reopened with row storage for new datasets, so the open path does not convert it (the default would).
    const reopened = withNewStorage('rows', () => ProjectStore.open(file));
    expect(datasetStorage(reopened.db, id)).toBe('rows');
    expect(countTableRows(reopened.db, 'dataset_chunks')).toBe(0);
    expect(countTableRows(reopened.db, `ds_${id}`)).toBe(n);
    expect(readRows(reopened.db, id, 2 * chunkRows, 5)).toEqual(before);
    reopened.close();
  }, 60_000);

  it('at open (ASSAY_DATASET_STORAGE=columns): each dataset in its own transaction, so a kill keeps the converted one and the other whole; read-only opens never convert; the next open finishes', async () => {
    const file = path.join(tempDir(), 'open.assay');
    const store = ProjectStore.create(file);
    const cols = [
      { name: 'id', type: 'integer' as const },
      { name: 'note', type: 'text' as const },
    ];
    const first = rowDataset(store.db, 'first', cols, chunkRows + 10, (i) => [i, `a ${i}`]);
    const second = rowDataset(store.db, 'second', cols, 2 * chunkRows + 3, (i) => [i, i % 4 === 0 ? null : `b ${i}`]);
    const pages = (db: ProjectStore['db']): unknown[] => [readRows(db, first, chunkRows - 2, 5), readRows(db, second, 2 * chunkRows - 1, 5)];
    const before = pages(store.db);
    store.close();

    // Read-only with columns asked for: nothing is written, the row tables are read as they are.
    withNewStorage('columns', () => {
      const size = fs.statSync(file).size;
      const ro = ProjectStore.open(file, { readOnly: true });
      expect(pages(ro.db)).toEqual(before);
      expect(datasetStorage(ro.db, first)).toBe('rows');
      ro.close();
      expect(fs.statSync(file).size).toBe(size);
    });

    // The open path in a real process, killed inside the second dataset's conversion.
    const out = await killWhenConverting(
      `import fs from 'node:fs';
       import { ProjectStore } from './native-workers/project/store';
       ProjectStore.open(process.argv[2], { conversionProgress: (id, rows) => { if (id === ${second}) { fs.writeSync(1, 'converted ' + id + ' ' + rows + '\\n'); ${pause} } } });
       fs.writeSync(1, 'done\\n');`,
      file,
      { ASSAY_DATASET_STORAGE: 'columns' },
    );
    expect(out).toBe(`converted ${second} ${chunkRows}\n`);

    // Opened again with rows for new datasets: nothing converts, both read as before.
    const after = withNewStorage('rows', () => ProjectStore.open(file));
    expect([datasetStorage(after.db, first), datasetStorage(after.db, second)]).toEqual(['columns', 'rows']);
    expect(countTableRows(after.db, `ds_${second}`)).toBe(2 * chunkRows + 3);
    expect(countTableRows(after.db, 'dataset_chunks', { dataset_id: second })).toBe(0);
    expect(pages(after.db)).toEqual(before);
    after.close();

    // The default (columns) open finishes the conversion.
    const done = withNewStorage('columns', () => ProjectStore.open(file));
    expect([datasetStorage(done.db, first), datasetStorage(done.db, second)]).toEqual(['columns', 'columns']);
    expect(pages(done.db)).toEqual(before);
    done.close();
  }, 120_000);
});
