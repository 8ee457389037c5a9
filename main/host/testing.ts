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

/**
 * True inside a Stryker worker (`npm run mutate`). A few golden fits (seconds each) take over a minute
 * instrumented; mutation runs skip them with `it.skipIf(underMutation)` and lighter cases beside them cover
 * the same paths there (docs/figures.md, #22). The full suite always runs them.
 */
export const underMutation = process.env.STRYKER_MUTATOR_WORKER !== undefined;

export interface WaitOptions {
  /** What is awaited, for the timeout's message ("the job to start"). */
  readonly what: string;
  /** Generous by default: the suite runs on a loaded 2-core machine. */
  readonly timeoutMs?: number;
  readonly everyMs?: number;
}

/**
 * Polls `condition` until it returns a truthy value and returns that value, or fails after the
 * deadline naming what never happened. Tests wait on a condition, never for a fixed time that
 * stands for one (a sleep long enough on an idle machine is too short on a loaded one).
 */
export async function waitFor<T>(condition: () => T | Promise<T>, opts: WaitOptions): Promise<NonNullable<T>> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${opts.what}.`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 25));
  }
}

/** The direct children of a process (Linux: /proc/PID/task/PID/children). */
export function childPids(pid: number): number[] {
  return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
}

/** Running, not exited: an orphan reparented to a PID 1 that does not reap stays a zombie (state Z). */
export function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}
