import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { forkLauncher } from './launcher';

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
});
