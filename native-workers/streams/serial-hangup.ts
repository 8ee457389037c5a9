import fs from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';

/**
 * serialport's binding with one fix: a hung-up port is reported as a disconnect.
 *
 * When a device goes away (USB unplug, socat killed), the kernel first makes a waiting read fail with
 * EIO, then hangs the tty up, after which every read returns 0 bytes. bindings-cpp 13 treats EIO as a
 * disconnect but retries a 0-byte read at once, forever: a read that comes after the hang-up (a busy
 * machine is enough: seen in full CI runs) leaves the stream "live" with a thread spinning on read(2).
 * In raw mode with O_NONBLOCK (how bindings-cpp opens ports), a read with no data gives EAGAIN, so a
 * 0-byte read only ever means the device hung up.
 */

/** serialport's detected binding (a union over the platforms' bindings), seen through what is used here. */
type Binding = typeof SerialPort.binding;
type ReadResult = { buffer: Buffer; bytesRead: number };
interface OpenedPort {
  read(buffer: Buffer, offset: number, length: number): Promise<ReadResult>;
}
interface PlainBinding {
  list(): Promise<unknown>;
  open(options: object): Promise<OpenedPort>;
}

/** What bindings-cpp's Unix port keeps and its read uses; absent on Windows (its read has no such loop). */
export interface UnixPort extends OpenedPort {
  fd: number | null;
  readonly poller: { once(event: 'readable', cb: (err: Error | null) => void): void };
}

const readAsync = promisify(fs.read);

function isUnixPort(port: OpenedPort): port is UnixPort {
  const p = port as Partial<UnixPort>;
  return typeof p.fd === 'number' && typeof p.poller?.once === 'function';
}

function disconnected(message: string): Error {
  return Object.assign(new Error(message), { disconnect: true });
}

function notOpen(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

/** The same read as bindings-cpp's unixRead, except that end of file is a disconnect. */
export function hangupAwareRead(port: UnixPort): OpenedPort['read'] {
  return async (buffer, offset, length) => {
    for (;;) {
      const fd = port.fd;
      if (fd === null) throw notOpen();
      try {
        const { bytesRead } = await readAsync(fd, buffer, offset, length, null);
        if (bytesRead === 0) throw disconnected('the device hung up');
        return { bytesRead, buffer };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err;
        // The port may have closed while the read was on the thread pool: its poller is destroyed
        // then, and polling it again dereferences a freed wrap (SIGSEGV, seen in a CI run).
        if (port.fd === null) throw notOpen();
        await new Promise<void>((resolve, reject) => port.poller.once('readable', (e) => (e ? reject(e) : resolve())));
      }
    }
  };
}

const detected = SerialPort.binding as PlainBinding;

const wrapped: PlainBinding = {
  list: () => detected.list(),
  async open(options) {
    const port = await detected.open(options);
    if (isUnixPort(port)) port.read = hangupAwareRead(port);
    return port;
  },
};

/** Passed as `binding` to `new SerialPort` (its options are spread over the detected binding). */
export const hangupAwareBinding = wrapped as Binding;
