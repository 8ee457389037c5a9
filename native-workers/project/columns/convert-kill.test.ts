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
import { rowDataset } from './testing';

const root = path.resolve(__dirname, '../../..');

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
    // Bundled inside the repository (dist/ is not tracked), where the child resolves better-sqlite3.
    const script = path.join(root, 'dist', 'test', `convert-child-${process.pid}.cjs`);
    buildSync({
      stdin: {
        contents: `import fs from 'node:fs';
          import { connect } from './native-workers/project/open';
          import { convertToColumns } from './native-workers/project/columns/convert';
          const db = connect(process.argv[2], false);
          convertToColumns(db, ${id}, 2, (rows) => {
            fs.writeSync(1, 'converted ' + rows + '\\n');
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
          });
          fs.writeSync(1, 'done\\n');`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'warning',
    });
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    expect(out).toBe(`converted ${chunkRows}\n`);

    const reopened = ProjectStore.open(file);
    expect(datasetStorage(reopened.db, id)).toBe('rows');
    expect(countTableRows(reopened.db, 'dataset_chunks')).toBe(0);
    expect(countTableRows(reopened.db, `ds_${id}`)).toBe(n);
    expect(readRows(reopened.db, id, 2 * chunkRows, 5)).toEqual(before);
    reopened.close();
  }, 60_000);
});
