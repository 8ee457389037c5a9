import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the import can read, by name (compressed with gzip too). Anything else is skipped with that reason. */
const supported = new Set(['csv', 'tsv', 'txt', 'tab', 'psv', 'json', 'ndjson', 'jsonl', 'parquet', 'xlsx']);

export function formatOf(name: string): string | null {
  const parts = name.toLowerCase().split('.');
  if (parts.length < 2) return null;
  let ext = parts[parts.length - 1];
  if (ext === 'gz' && parts.length >= 3) ext = parts[parts.length - 2];
  return supported.has(ext) ? ext : null;
}

/** Names that are never data: hidden files and the partial/temporary files of downloads and editors. */
export function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || /\.(part|partial|crdownload|tmp|swp)$|~$/i.test(name);
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export interface FileStat {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The regular files directly in a folder (not recursive), skipping what is never data. */
export function listFiles(dir: string): FileStat[] {
  const out: FileStat[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || isIgnored(entry.name)) continue;
    const p = path.join(dir, entry.name);
    try {
      const st = fs.statSync(p);
      out.push({ name: entry.name, path: p, size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // Gone between the listing and the stat: the next scan sees the truth.
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
