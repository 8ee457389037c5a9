import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frame } from '../ml/tabular/frame';
import { readFrameFile, writeFrameFile } from './frame-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-frame-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a run\'s columns as an Arrow IPC file', () => {
  it('reads back every column with its kind, missing values included', async () => {
    const f = frame([
      { name: 'x', kind: 'numeric', values: Float64Array.from([1.5, NaN, -3, 1e300]) },
      { name: 'when', kind: 'date', values: Float64Array.from([Date.UTC(2024, 0, 2), NaN, 0, 86_400_000]) },
      { name: 'plan', kind: 'categorical', values: ['basic', null, 'pro', 'basic'] },
    ]);
    const file = path.join(dir, 'columns.arrow');
    await writeFrameFile(f, file);
    // An Arrow IPC file: its magic, so other tools (pyarrow, DuckDB) read it too.
    expect(fs.readFileSync(file).subarray(0, 6).toString()).toBe('ARROW1');
    const back = await readFrameFile(file);
    expect(back.rows).toBe(4);
    expect(back.columns.map((c) => [c.name, c.kind])).toEqual([['x', 'numeric'], ['when', 'date'], ['plan', 'categorical']]);
    expect([...(back.columns[0]!.values as Float64Array)]).toEqual([1.5, NaN, -3, 1e300]);
    expect([...(back.columns[1]!.values as Float64Array)]).toEqual([Date.UTC(2024, 0, 2), NaN, 0, 86_400_000]);
    expect(back.columns[2]!.values).toEqual(['basic', null, 'pro', 'basic']);
  });

  it('refuses a file without the column kinds, naming the column', async () => {
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const file = path.join(dir, 'foreign.arrow');
    fs.writeFileSync(file, tableToIPC(tableFromArrays({ a: Float64Array.from([1]) }), 'file'));
    await expect(readFrameFile(file)).rejects.toThrow(/no kind for its column "a"/);
  });
});
