import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AssayError } from '../../../preload/contract/errors';

export interface Upload {
  readonly id: string;
  readonly fileName: string;
  readonly path: string;
  readonly bytes: number;
}

/**
 * Browser mode cannot hand the host a path, so a dropped file is streamed to a
 * private temp folder first and imported from there; the copy is removed after.
 */
export class UploadStore {
  private readonly dir: string;
  private readonly uploads = new Map<string, Upload>();

  constructor(dir = path.join(os.tmpdir(), `assay-uploads-${process.pid}`)) {
    this.dir = dir;
  }

  async receive(fileName: string, body: Readable): Promise<Upload> {
    const safeName = path.basename(fileName).replace(/[^\w.\- ]+/g, '_') || 'upload.csv';
    const id = randomUUID();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${id}-${safeName}`);
    try {
      await pipeline(body, fs.createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw new AssayError('IO', `The upload of ${safeName} was interrupted; nothing was imported.`, String(err));
    }
    const upload: Upload = { id, fileName: path.basename(fileName), path: file, bytes: fs.statSync(file).size };
    this.uploads.set(id, upload);
    return upload;
  }

  get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new AssayError('NOT_FOUND', 'That upload is gone; drop the file again.');
    return upload;
  }

  remove(id: string): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    this.uploads.delete(id);
    fs.rmSync(upload.path, { force: true });
  }

  clear(): void {
    for (const id of [...this.uploads.keys()]) this.remove(id);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
