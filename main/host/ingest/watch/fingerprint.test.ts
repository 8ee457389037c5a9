import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing';
import { formatOf, isIgnored, listFiles, sha256File } from './fingerprint';

describe('watched-folder fingerprints', () => {
  it('knows the formats the import reads, compressed or not', () => {
    expect(['a.csv', 'b.TSV', 'c.json', 'd.ndjson', 'e.csv.gz', 'f.parquet', 'g.xlsx'].map(formatOf)).toEqual(['csv', 'tsv', 'json', 'ndjson', 'csv', 'parquet', 'xlsx']);
    expect(['a.pdf', 'b.gz', 'README', 'c.zip'].map(formatOf)).toEqual([null, null, null, null]);
  });

  it('ignores hidden and partial files, lists regular files with size and mtime, hashes content', async () => {
    expect(['.DS_Store', 'x.csv.part', 'y.crdownload', '~$book.xlsx', 'z.csv~', 'ok.csv'].map(isIgnored)).toEqual([true, true, true, true, true, false]);
    const dir = tempDir('assay-fp-');
    fs.writeFileSync(path.join(dir, 'b.csv'), 'a\n1\n');
    fs.writeFileSync(path.join(dir, '.hidden'), 'x');
    fs.mkdirSync(path.join(dir, 'sub'));
    const files = listFiles(dir);
    expect(files.map((f) => [f.name, f.size])).toEqual([['b.csv', 4]]);
    expect(await sha256File(files[0].path)).toBe(createHash('sha256').update('a\n1\n').digest('hex'));
  });
});
