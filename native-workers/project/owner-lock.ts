import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/**
 * One writing host per project file, across processes. Recovery at open assumes nothing else
 * is running, so a second `assay import` or `assay serve` on a file another host is importing
 * into would drop that import's table and fail its runs. The owner holds an advisory lock file
 * beside the project (NAME.assay.lock: pid, hostname, start time, a random token) and touches
 * it every few seconds; the lock is stale when its pid is gone (same machine) or its heartbeat
 * (the file's mtime) is old (any machine: a network share, or a reused pid). Workers forked by
 * the owner do not take it: they write through the owner's jobs. The same lock marks a host's
 * upload folder as live (main/host/ingest/uploads.ts).
 */

/** Who holds a project's lock, as its lock file says. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  readonly token: string;
  /** What the owner is, for the user: `assay serve`, `assay import`, the desktop app ('' from older versions). */
  readonly command: string;
}

/** How often the owner touches its lock file. */
export const heartbeatMs = 5_000;
/** A lock not touched for this long is stale whatever its pid: its owner is gone or hung. */
export const staleAfterMs = 120_000;

/** The lock file beside a project file. */
export function lockPath(projectFile: string): string {
  return `${projectFile}.lock`;
}

interface Held {
  readonly token: string;
  readonly timer: NodeJS.Timeout;
  refs: number;
}

// A process may open the same project twice (a test, Save As's reopen): it shares its own lock.
const held = new Map<string, Held>();

/** A held lock; release() once the project is closed. */
export interface OwnerLock {
  /**
   * False when this process already held it (the project is open here twice): its jobs may be
   * running, so whatever looks interrupted is not.
   */
  readonly first: boolean;
  release(): void;
}

/** The lock when it was taken, else the live process that holds it. */
export type LockAttempt = { readonly lock: OwnerLock } | { readonly holder: LockOwner };

/**
 * Takes the project's lock, waiting up to waitMs (synchronously: opening a project is) for
 * another holder to let go. A stale lock is broken.
 */
export function acquireOwnerLock(projectFile: string, waitMs = 0, command = ''): LockAttempt {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const attempt = tryAcquire(projectFile, command);
    if ('lock' in attempt || Date.now() >= deadline) return attempt;
    sleepSync(Math.min(250, Math.max(1, deadline - Date.now())));
  }
}

/** The live process holding a project's lock (this one included), or null when none does. */
export function liveLockHolder(projectFile: string): LockOwner | null {
  const mine = held.get(projectFile);
  if (mine) return { pid: process.pid, hostname: os.hostname(), startedAt: '', token: mine.token, command: '' };
  const seen = readLock(lockPath(projectFile));
  return seen && !isStale(seen) ? seen.owner : null;
}

/** The sentence a user reads when another process holds the project. */
export function holderText(owner: LockOwner): string {
  if (owner.pid === 0) return 'another Assay process';
  const where = owner.hostname === os.hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.hostname}`;
  const about = [owner.command, owner.startedAt ? `since ${owner.startedAt}` : ''].filter(Boolean).join(', ');
  return `Assay ${where}${about ? ` (${about})` : ''}`;
}

function tryAcquire(projectFile: string, command: string): LockAttempt {
  const mine = held.get(projectFile);
  if (mine) {
    mine.refs++;
    return { lock: releaser(projectFile, false) };
  }
  const file = lockPath(projectFile);
  for (let tries = 0; tries < 5; tries++) {
    const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), token: crypto.randomBytes(12).toString('hex'), command };
    if (createExclusive(file, JSON.stringify(owner))) {
      const timer = setInterval(() => touch(file), heartbeatMs);
      timer.unref();
      held.set(projectFile, { token: owner.token, timer, refs: 1 });
      return { lock: releaser(projectFile, true) };
    }
    const seen = readLock(file);
    if (seen === null) continue; // released in between: try again
    if (!isStale(seen)) return { holder: seen.owner };
    breakStale(file, seen.raw);
  }
  const seen = readLock(file);
  return { holder: seen?.owner ?? unknownOwner };
}

const unknownOwner: LockOwner = { pid: 0, hostname: 'unknown', startedAt: '', token: '', command: '' };

function releaser(projectFile: string, first: boolean): OwnerLock {
  let released = false;
  return {
    first,
    release(): void {
      if (released) return;
      released = true;
      const mine = held.get(projectFile);
      if (!mine || --mine.refs > 0) return;
      releaseHeld(projectFile, mine);
    },
  };
}

function releaseHeld(projectFile: string, mine: Held): void {
  clearInterval(mine.timer);
  held.delete(projectFile);
  const file = lockPath(projectFile);
  // Only our own lock: had it been broken as stale (a hung owner), the new owner's stays.
  if (readLock(file)?.owner.token === mine.token) fs.rmSync(file, { force: true });
}

// A host that exits without closing its project (process.exit, an uncaught error) still lets go.
process.on('exit', () => {
  for (const [file, mine] of [...held]) releaseHeld(file, mine);
});

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

interface SeenLock {
  readonly owner: LockOwner;
  readonly raw: string;
  readonly mtimeMs: number;
}

function readLock(file: string): SeenLock | null {
  let raw: string;
  let mtimeMs: number;
  try {
    raw = fs.readFileSync(file, 'utf8');
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  return { owner: parseOwner(raw), raw, mtimeMs };
}

function parseOwner(raw: string): LockOwner {
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, startedAt: String(v.startedAt ?? ''), token: String(v.token ?? ''), command: String(v.command ?? '') };
    }
  } catch {
    // Being written right now (created, not yet filled), or not ours: only its age can tell.
  }
  return unknownOwner;
}

function isStale(seen: SeenLock): boolean {
  if (Date.now() - seen.mtimeMs > staleAfterMs) return true;
  const { pid, hostname } = seen.owner;
  return pid > 0 && hostname === os.hostname() && !pidAlive(pid);
}

/** Whether a process with this pid runs on this machine (any user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a stale lock aside and deletes it, unless what was moved is not the lock that was
 * judged stale (another opener broke it and took a fresh one in between): that one goes back.
 */
function breakStale(file: string, judged: string): void {
  const aside = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  const moved = fs.readFileSync(aside, 'utf8');
  if (moved !== judged) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third opener took the place meanwhile: it keeps it (a three-way race within milliseconds).
    }
  }
  fs.rmSync(aside, { force: true });
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Removed under us (someone judged us hung): keep running; close will find the lock gone.
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
