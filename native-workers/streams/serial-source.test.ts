import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSerialSource } from './serial-source';
import { hasSocat, startSocat } from './socat-pair';
import type { SourceEvents } from './source';

const threadpoolSize = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

/**
 * Occupies every libuv threadpool thread (each opens a FIFO for reading, which blocks until a writer
 * comes), so a file read queued meanwhile runs only after release(). Writers are other processes.
 */
function holdThreadpool(dir: string): { release(): void } {
  const fifos = Array.from({ length: threadpoolSize }, (_, i) => path.join(dir, `fifo-${i}`));
  for (const f of fifos) {
    expect(spawnSync('mkfifo', [f]).status).toBe(0);
    fs.open(f, 'r', (err, fd) => {
      if (!err) fs.close(fd, () => undefined);
    });
  }
  return {
    release: () => {
      for (const f of fifos) spawnSync('sh', ['-c', `: > '${f}'`]);
    },
  };
}

describe.skipIf(!hasSocat())('serial source', () => {
  // When a device goes away the kernel fails a waiting read with an error, then hangs the tty up, after
  // which reads return 0 bytes. serialport 13's binding retries a 0-byte read forever, so a read that was
  // already on its way at the hang-up (a busy machine: seen in full CI runs) left the stream "live". Here
  // the read is held in the threadpool until the hang-up is over, which makes that race lost every time.
  it('a read that comes after the device hung up reports it lost instead of staying live', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-serial-'));
    const pair = await startSocat(path.join(dir, 'a'), path.join(dir, 'b'));
    const states: string[] = [];
    let lines = 0;
    const events: SourceEvents = {
      onMessage: () => void lines++,
      onState: (state, detail) => void states.push(detail ? `${state}: ${detail}` : state),
      onGap: () => undefined,
    };
    const source = createSerialSource({ kind: 'serial', path: pair.b, baudRate: 115200 }, { binary: false });
    let pool: { release(): void } | null = null;
    try {
      await source.start(events);
      expect(states).toEqual(['connecting', 'live']);
      const write = (text: string) => expect(spawnSync('sh', ['-c', `printf '${text}' > '${pair.a}'`]).status).toBe(0);
      write('t=1\\n');
      await until('the first line', () => lines === 1);

      pool = holdThreadpool(dir);
      write('t=2\\n'); // the port becomes readable: its read is queued behind the held threads
      await pause(200);
      await pair.kill(); // the hang-up happens now, before that read runs
      await pause(200);
      pool.release();
      pool = null;
      await until('the loss to be reported', () => states.some((s) => s.startsWith('reconnecting')));
      expect(states[2]).toMatch(/^reconnecting: .*(hung up|disconnected)/);
    } finally {
      pool?.release();
      await source.stop();
      await pair.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
