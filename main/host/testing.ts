import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temp folder, removed after the test file. For tests only. */
export function tempDir(prefix = 'assay-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The repo's shared real datasets (../shared/data). */
export const sharedData = path.resolve(__dirname, '../../../shared/data');

/** Writes a CSV of `rows` rows × 4 columns (id, x, y, label) and returns its path. */
export function writeCsv(file: string, rows: number): string {
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'id,x,y,label\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    buf += `${i},${(i * 0.5).toFixed(2)},${(Math.sin(i) * 100).toFixed(4)},${i % 3 === 0 ? 'yes' : 'no'}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return file;
}

/**
 * The cases of a fixture to loop over, refusing an empty list: a broken generator or a renamed key
 * would otherwise make every `for` over it test nothing, and pass.
 */
export function cases<T>(list: readonly T[] | undefined, what: string): readonly T[] {
  if (!list || list.length === 0) throw new Error(`The fixture has no ${what}: regenerate it with the make-*.py script beside it.`);
  return list;
}
