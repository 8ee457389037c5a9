import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assay } from './fixtures';

/** Big inputs survive between runs here: generating and importing them costs seconds each. */
export const cacheDir = path.join(os.tmpdir(), 'assay-e2e-cache');

/** A deterministic CSV of `rows` rows: id, a category, three numbers. Written in chunks to keep memory flat. */
export function writeCsv(file: string, rows: number, padding = 0): string {
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.part`;
  const fd = fs.openSync(partial, 'w');
  const pad = padding > 0 ? ',note' : '';
  fs.writeSync(fd, `id,group,x,y,z${pad}\n`);
  const filler = 'x'.repeat(padding);
  const groups = ['alpha', 'beta', 'gamma', 'delta'];
  let chunk: string[] = [];
  for (let i = 1; i <= rows; i++) {
    chunk.push(`${i},${groups[i % 4]},${(i % 997) / 7},${(i * 31) % 1000},${i % 2 === 0 ? 'true' : 'false'}${padding > 0 ? `,${filler}` : ''}`);
    if (chunk.length === 50_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
  fs.renameSync(partial, file);
  return file;
}

/** ~60 MB: long enough to import that a test can cancel it, or reload during it. */
export function bigCsv(): string {
  return writeCsv(path.join(cacheDir, 'big-60mb.csv'), 1_000_000, 20);
}

/** A project holding one 1,000,000-row × 5-column dataset, copied into `dir` so tests never touch the cached one. */
export function millionRowProject(dir: string): string {
  const cached = path.join(cacheDir, 'million.assay');
  if (!fs.existsSync(cached)) {
    const csv = writeCsv(path.join(cacheDir, 'million.csv'), 1_000_000);
    const home = path.join(cacheDir, 'home');
    const partial = path.join(cacheDir, 'million-part.assay');
    fs.rmSync(partial, { force: true });
    assay(home, 'new', partial);
    assay(home, 'import', partial, csv);
    fs.renameSync(partial, cached);
  }
  const target = path.join(dir, 'million.assay');
  fs.copyFileSync(cached, target);
  return target;
}
