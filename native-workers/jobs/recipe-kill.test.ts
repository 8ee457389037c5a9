import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import type { Recipe } from '../../preload/contract/recipe';
import type { ColumnType } from '../../preload/contract/types';
import { chunkRows } from '../project/columns/chunk-codec';
import { datasetStorage } from '../project/columns/chunk-store';
import { columnDataset } from '../project/columns/testing';
import { readRows } from '../project/datasets';
import { countTableRows, rowTableCount, tableRows } from '../project/inspect';
import { ProjectStore } from '../project/store';

const root = path.resolve(__dirname, '../..');

const recipe: Recipe = {
  format: 'assay-recipe/1',
  steps: [
    { kind: 'trim', columns: [], collapse: true },
    { kind: 'impute', column: 'weight', method: 'median' },
    { kind: 'duplicates', keys: ['id'], action: 'drop' },
  ],
};

describe('recipe apply on a columnar dataset killed mid-way', () => {
  it('a kill -9 while its chunks are rewritten leaves the old chunks: same rows, same chunk ids, no working table, no recipe recorded', async () => {
    const file = path.join(tempDir(), 'recipe-kill.assay');
    const store = ProjectStore.create(file);
    const types: ColumnType[] = ['integer', 'text', 'number'];
    const n = 2 * chunkRows + 4321;
    const id = columnDataset(store.db, 'readings', ['id', 'name', 'weight'].map((name, j) => ({ name, type: types[j]! })), n, (i) => [
      i % 10 === 0 ? i - 1 : i,
      i % 3 === 0 ? `  ann  ${i} ` : `bob ${i}`,
      i % 5 === 0 ? null : 60 + (i % 13),
    ]);
    const chunksBefore = tableRows(store.db, 'dataset_chunks', { columns: ['id', 'position', 'chunk', 'rows'], orderBy: 'id' });
    const pages = [0, chunkRows - 2, n - 3].map((o) => readRows(store.db, id, o, 5));
    store.close();

    // The real job in a child process; at its first "writing column chunks" progress (one chunk's rows written under the
    // scratch id, inside the apply's transaction) it says so and waits to be killed.
    const script = path.join(root, 'node_modules', '.cache', 'assay-tests', `recipe-kill-${process.pid}.cjs`);
    buildSync({
      stdin: {
        contents: `import fs from 'node:fs';
          import { runRecipeApply } from './native-workers/jobs/recipe';
          const spec = { projectPath: process.argv[2], datasetId: ${id}, recipe: ${JSON.stringify(recipe)} };
          const ctx = {
            signal: new AbortController().signal,
            progress: (p) => {
              if (!String(p.detail).startsWith('writing column chunks')) return;
              fs.writeSync(1, p.detail + '\\n');
              Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
            },
            log: () => undefined,
            checkCancelled: () => undefined,
            data: () => undefined,
            onControl: () => undefined,
          };
          runRecipeApply(spec, ctx).then(() => fs.writeSync(1, 'done\\n'));`,
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
      void exited.then(() => reject(new Error(`The applying child exited before it was killed; it printed: ${out}`)));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('writing column chunks')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    const [, signal] = await exited;
    fs.rmSync(script, { force: true });
    expect(signal).toBe('SIGKILL');
    expect(out).toBe(`writing column chunks: ${chunkRows.toLocaleString('en-US')} rows\n`);

    const reopened = ProjectStore.open(file);
    expect(datasetStorage(reopened.db, id)).toBe('columns');
    expect(tableRows(reopened.db, 'dataset_chunks', { columns: ['id', 'position', 'chunk', 'rows'], orderBy: 'id' })).toEqual(chunksBefore);
    expect(rowTableCount(reopened.db)).toBe(0);
    expect([0, chunkRows - 2, n - 3].map((o) => readRows(reopened.db, id, o, 5))).toEqual(pages);
    expect(countTableRows(reopened.db, 'recipe_applications')).toBe(0);
    expect(countTableRows(reopened.db, 'recipes')).toBe(0);
    reopened.close();
  }, 120_000);
});
