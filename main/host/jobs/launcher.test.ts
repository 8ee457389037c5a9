import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { forkLauncher, prestartWorker } from './launcher';

describe('forkLauncher', () => {
  // Found by the dispatcher fuzz test: a cancel sent while a worker was exiting threw EPIPE
  // as an uncaught exception, which takes the host (the app, `assay serve`) down with it.
  it('a message to a worker that is exiting is dropped, not an uncaught EPIPE', async () => {
    const entry = path.join(tempDir('assay-launcher-'), 'exit.cjs');
    fs.writeFileSync(entry, "process.send('ready');\nsetInterval(() => undefined, 1000);\n");
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => {
      uncaught.push(err);
    };
    process.on('uncaughtException', onUncaught);
    try {
      const worker = forkLauncher(entry);
      const exited = new Promise<void>((resolve) => worker.onExit(() => resolve()));
      await new Promise<void>((resolve) => worker.onMessage(() => resolve()));
      worker.kill();
      // Synchronously, as a host busy elsewhere: the pipe breaks before the host hears of the exit.
      const until = Date.now() + 300;
      while (Date.now() < until) worker.send({ type: 'cancel' });
      await exited;
      // Let any late 'error' event fire.
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it('a prestarted worker is the next one forked for its entry, told what to warm up; the one after is a fresh one', async () => {
    const entry = path.join(tempDir('assay-launcher-'), 'echo.cjs');
    fs.writeFileSync(entry, "process.on('message', () => process.send({ pid: process.pid, warm: process.env.ASSAY_WORKER_WARM ?? null }));\nprocess.on('disconnect', () => process.exit(0));\n");
    const ask = (worker: ReturnType<typeof forkLauncher>): Promise<unknown> =>
      new Promise((resolve) => {
        worker.onMessage(resolve);
        worker.send({ type: 'cancel' });
      });
    prestartWorker(entry, 'postgres');
    const first = forkLauncher(entry);
    const second = forkLauncher(entry);
    try {
      expect(await ask(first)).toEqual({ pid: first.pid, warm: 'postgres' });
      expect(await ask(second)).toEqual({ pid: second.pid, warm: null });
      expect(second.pid).not.toBe(first.pid);
    } finally {
      first.kill();
      second.kill();
    }
  });
});
