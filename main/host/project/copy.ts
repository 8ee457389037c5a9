import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectStore } from './store';

/**
 * Runs `work` on a temporary copy of the project (VACUUM INTO, so a read-only project can be
 * copied too) and deletes the copy afterwards: what replays use, so the file itself never changes.
 */
export async function withProjectCopy<T>(store: ProjectStore, work: (copy: ProjectStore) => Promise<T>): Promise<T> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-replay-'));
  let copy: ProjectStore | null = null;
  try {
    copy = ProjectStore.open(store.saveCopy(path.join(tmp, 'replay.assay')));
    return await work(copy);
  } finally {
    copy?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
