import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { storedUploadName } from '../ingest/uploads';

/** A file the host wrote for a browser to download once (browser mode's grid export). */
export interface Download {
  readonly id: string;
  /** Where the host writes it. */
  readonly file: string;
  /** The name the browser saves it under. */
  readonly name: string;
}

/**
 * Browser mode has no save dialog: an export is written into this host's private folder
 * (`PARENT/PID-RANDOM`, in the config folder) and sent once by `GET /download/ID` (token-guarded
 * like every request), then removed; whatever was never fetched goes with the folder at close.
 */
export class DownloadStore {
  private readonly dir: string;
  private readonly downloads = new Map<string, Download>();

  constructor(parent: string) {
    this.dir = path.join(parent, `${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /** A new download named `name` (made safe to store); its file is written by the caller. */
  reserve(name: string): Download {
    const id = randomUUID();
    fs.mkdirSync(path.join(this.dir, id), { recursive: true, mode: 0o700 });
    const safe = storedUploadName(name);
    const d: Download = { id, file: path.join(this.dir, id, safe), name: safe };
    this.downloads.set(id, d);
    return d;
  }

  /** The download with this id when its file is there (written whole: exports rename at the end); null otherwise. */
  ready(id: string): Download | null {
    const d = this.downloads.get(id);
    return d && fs.existsSync(d.file) ? d : null;
  }

  /** Forgets a download and removes its file (sent, or its export failed). */
  remove(id: string): void {
    this.downloads.delete(id);
    fs.rmSync(path.join(this.dir, id), { recursive: true, force: true });
  }

  clear(): void {
    this.downloads.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
