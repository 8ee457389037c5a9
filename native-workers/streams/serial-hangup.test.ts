import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hangupAwareRead, type UnixPort } from './serial-hangup';

const opened: number[] = [];
afterEach(() => {
  for (const fd of opened.splice(0)) fs.closeSync(fd);
});

/** A FIFO read without blocking while a writer holds it: an empty read gives EAGAIN, as an idle serial port does. */
function idleFifo(): { readFd: number; writeFd: number } {
  const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'assay-hangup-')), 'port');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const writeFd = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  opened.push(readFd, writeFd);
  return { readFd, writeFd };
}

/** bindings-cpp's port as the read sees it: close() sets fd to null and destroys the poller at once. */
function fakePort(fd: number, onPoll: (done: (err: Error | null) => void) => void): UnixPort & { closed: boolean; polls: number } {
  const port = {
    closed: false,
    polls: 0,
    get fd(): number | null {
      return port.closed ? null : fd;
    },
    poller: {
      once(_event: 'readable', cb: (err: Error | null) => void): void {
        port.polls++;
        onPoll(cb);
      },
    },
    read: () => Promise.reject(new Error('replaced by hangupAwareRead')),
  };
  return port;
}

describe('hangupAwareRead', () => {
  it('waits for the poller on an idle port, then returns what arrived', async () => {
    const { readFd, writeFd } = idleFifo();
    const port = fakePort(readFd, (done) => {
      fs.writeSync(writeFd, '1,20.5\n');
      done(null);
    });
    const { bytesRead, buffer } = await hangupAwareRead(port)(Buffer.alloc(64), 0, 64);
    expect(buffer.subarray(0, bytesRead).toString()).toBe('1,20.5\n');
    expect(port.polls).toBe(1);
  });

  // A CI run's worker died of SIGSEGV on `assay record --duration 2`: the port closed while a read was on
  // the thread pool, the read came back EAGAIN, and polling the destroyed poller dereferenced a freed wrap.
  it('a port closed while its read was on the thread pool is not polled again', async () => {
    const { readFd } = idleFifo();
    const port = fakePort(readFd, (done) => done(new Error('polled the poller of a closed port')));
    const read = hangupAwareRead(port)(Buffer.alloc(64), 0, 64);
    port.closed = true; // close() runs while fs.read is queued
    await expect(read).rejects.toMatchObject({ message: 'Port is not open', canceled: true });
    expect(port.polls).toBe(0);
  });

  it('end of file is a disconnect, not a read to retry', async () => {
    const { readFd, writeFd } = idleFifo();
    fs.closeSync(writeFd);
    opened.splice(opened.indexOf(writeFd), 1);
    const port = fakePort(readFd, (done) => done(new Error('polled after a hang-up')));
    await expect(hangupAwareRead(port)(Buffer.alloc(64), 0, 64)).rejects.toMatchObject({ message: 'the device hung up', disconnect: true });
  });
});
