import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** For tests: a virtual serial pair made by socat; a writer uses `a`, the app reads `b`. */
export interface SocatPair {
  readonly a: string;
  readonly b: string;
  /** socat's process id, for a test that must kill it without letting its own event loop run. */
  readonly pid: number;
  /**
   * Kills socat: both ends vanish, like an unplugged device. SIGTERM lets socat remove its links;
   * SIGKILL leaves them, naming pty numbers that the next pty may get.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export async function startSocat(a: string, b: string): Promise<SocatPair> {
  for (const link of [a, b]) fs.rmSync(link, { force: true });
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!(fs.existsSync(a) && fs.existsSync(b))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`socat did not create ${a} and ${b}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    pid: child.pid ?? -1,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Writes text into a pty end; errors after the pair vanished are expected and ignored. */
export function ptyWriter(file: string): { write(data: string | Uint8Array): Promise<void>; close(): Promise<void> } {
  const out = fs.createWriteStream(file);
  out.on('error', () => undefined);
  return {
    write: (data) => new Promise<void>((resolve) => (out.write(data) ? resolve() : out.once('drain', () => resolve()))),
    // 'close' comes after the last write or after an error (the pair gone): end()'s callback never comes once a
    // write has failed, and a write nobody reads (a full pty) only fails when socat exits.
    close: () =>
      new Promise<void>((resolve) => {
        if (out.closed) return resolve();
        out.once('close', () => resolve());
        out.end();
      }),
  };
}

/** Resolves once some process other than socat holds the pty behind `link` open (the app opened the port). */
export async function waitUntilOpened(link: string, timeoutMs = 15_000): Promise<void> {
  const target = fs.realpathSync(link);
  const deadline = Date.now() + timeoutMs;
  while (!heldOpen(target)) {
    if (Date.now() > deadline) throw new Error(`nobody opened ${link} (${target})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once no process but socat holds the pty `device` (e.g. /dev/pts/7) open: its number is free again. */
export async function waitUntilClosed(device: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (heldOpen(device)) {
    if (Date.now() > deadline) throw new Error(`${device} is still held open after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a process other than socat has `device` open (read from /proc). */
function heldOpen(device: string): boolean {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[] = [];
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'socat') continue;
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        // A pty whose other end is gone may read as "/dev/pts/7 (deleted)": still held.
        const held = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (held === device || held === `${device} (deleted)`) return true;
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return false;
}
