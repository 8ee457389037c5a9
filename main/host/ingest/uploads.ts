import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AssayError } from '../../../preload/contract/errors';
import { acquireOwnerLock, liveLockHolder, lockPath, pidAlive, type OwnerLock } from '../../../native-workers/project/owner-lock';

export interface Upload {
  readonly id: string;
  readonly fileName: string;
  readonly path: string;
  readonly bytes: number;
}

/** An upload over the size limit: answered 413 by the server; nothing of it is kept. */
export class UploadTooLarge extends AssayError {
  constructor(fileName: string, maxBytes: number) {
    super('BAD_INPUT', `${fileName} is larger than this server accepts (${Math.floor(maxBytes / 1024 / 1024)} MB); nothing was kept. Restart \`assay serve\` with a larger --max-upload-mb, or import the file by its path.`);
  }
}

/** Names as long as file systems allow (255 bytes), with room for the upload's id. */
const maxStoredName = 120;
const maxShownName = 255;

/** A name safe to store on any file system: odd characters replaced, long names shortened keeping the extension. */
export function storedUploadName(fileName: string): string {
  const base = path.basename(fileName.replace(/\\/g, '/')).replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '') || 'upload.csv';
  if (base.length <= maxStoredName) return base;
  const ext = path.extname(base).slice(0, 16);
  return base.slice(0, maxStoredName - ext.length) + ext;
}

const storeFolder = /^(\d+)-[0-9a-f]+$/;

/**
 * Each store keeps its uploads in `PARENT/PID-RANDOM` and holds `PID-RANDOM.lock` (owner-lock.ts:
 * pid, machine, a heartbeat) while it lives. Several hosts may share the config folder (two
 * `assay serve`, on one machine or on a shared home from several), so a folder is removed only
 * when its lock says its owner is gone: its pid dead on this machine, or no heartbeat for two
 * minutes (another machine, or a pid reused since the crash). A folder without a lock was left by
 * a host that exited without clearing it (or by an older version): its pid alone tells.
 */
function removeLeftovers(parent: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const folder = path.join(parent, name.replace(/\.lock$/, ''));
    const pid = Number(storeFolder.exec(path.basename(folder))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const locked = fs.existsSync(lockPath(folder));
    if (locked ? liveLockHolder(folder) !== null : pidAlive(pid)) continue;
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(lockPath(folder), { force: true });
  }
}

/** Counts the bytes that pass and fails the stream once they exceed the limit. */
function byteLimit(fileName: string, maxBytes: number): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new UploadTooLarge(fileName, maxBytes) : null, chunk);
    },
  });
}

/**
 * Browser mode cannot hand the host a path, so a dropped file is streamed to a
 * private folder first and imported from there; the copy is removed after.
 */
export class UploadStore {
  private readonly dir: string;
  private readonly uploads = new Map<string, Upload>();
  private readonly lock: OwnerLock | null;

  /** `parent`: the folder holding every store's uploads (in the config folder, private to the user). */
  constructor(parent: string) {
    this.dir = path.join(parent, `${process.pid}-${randomBytes(4).toString('hex')}`);
    fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
    // Ours before anyone looks: the folder exists only after its lock does. The name is new, so nobody holds it.
    const attempt = acquireOwnerLock(this.dir);
    this.lock = 'lock' in attempt ? attempt.lock : null;
    removeLeftovers(parent);
  }

  /** Streams `body` into the store; beyond `maxBytes` it stops, keeps nothing and throws UploadTooLarge. */
  async receive(fileName: string, body: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<Upload> {
    const safeName = storedUploadName(fileName);
    const id = randomUUID();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, `${id}-${safeName}`);
    const limit = byteLimit(safeName, maxBytes);
    // The body is piped rather than handed to pipeline, which would destroy it (and the socket the answer goes out on) on error.
    body.pipe(limit);
    body.once('error', (err) => limit.destroy(err));
    const out = fs.createWriteStream(file, { mode: 0o600 });
    try {
      await pipeline(limit, out);
    } catch (err) {
      body.unpipe(limit);
      // A stream destroyed before its file was open still opens it: removed only once it is closed.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      fs.rmSync(file, { force: true });
      if (err instanceof AssayError) throw err;
      // The cause, without the private path it was written to.
      throw new AssayError('IO', `The upload of ${safeName} was interrupted; nothing was imported. Drop the file again.`, (err as NodeJS.ErrnoException).code);
    }
    const upload: Upload = { id, fileName: path.basename(fileName.replace(/\\/g, '/')).slice(0, maxShownName), path: file, bytes: fs.statSync(file).size };
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
    this.lock?.release();
  }
}
