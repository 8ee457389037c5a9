import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { defaultBaudRate } from '../../preload/contract/source-opened';
import { SlipDecoder } from '../ml/stream/slip';
import type { SourceAdapter, SourceEvents, SourceFactory } from './source';
import { Backoff } from './backoff';
import { hangupAwareBinding } from './serial-hangup';
import { LineSplitter } from './lines';

/**
 * A serial (USB CDC, UART, socat pty) source. Text protocols are split into
 * lines here rather than with serialport's ReadlineParser, because its buffer
 * grows without bound on a stream that never sends a newline (wrong baud rate,
 * garbage); ours cuts runs at 64 KiB and hands them on as malformed lines.
 * Binary records are SLIP-framed (ml/stream/slip).
 *
 * A port that closes or errors (unplugged, socat killed) is reopened with
 * backoff until stop(); the time without data is reported as a gap. A
 * pseudo-terminal (socat, a simulator) never comes back: its number goes to the
 * next program that asks for one. So a lost pty is reopened only through a link
 * made since (socat restarted, udev): through the same path and the same link,
 * the stream would take another program's pty, its lock and its data (seen: an
 * orphaned `assay serve` took the next benchmark run's socat pair).
 */
export const createSerialSource: SourceFactory<'serial'> = (source, options) => {
  let events: SourceEvents | null = null;
  let port: SerialPort | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let lostAt: number | null = null;
  let lostReason = '';
  let everLive = false;
  /** What the path led to when the port last opened: a pty, and through which link. */
  let openedVia: PortIdentity | null = null;
  const backoff = new Backoff();
  const lines = new LineSplitter();
  let slip = new SlipDecoder();

  const onData = (chunk: Buffer): void => {
    const ev = events;
    if (!ev) return;
    const arrivedAt = Date.now();
    if (options.binary) {
      for (const frame of slip.push(chunk)) ev.onMessage({ bytes: frame, arrivedAt });
    } else {
      lines.push(chunk, (text) => ev.onMessage({ text, arrivedAt }));
    }
  };

  const lost = (reason: string): void => {
    if (stopped) return;
    const current = port;
    port = null;
    if (current) {
      current.removeAllListeners();
      // Swallow the errors of a port that is already gone.
      current.on('error', () => undefined);
      if (current.isOpen) current.close(() => undefined);
    }
    if (lostAt === null) {
      lostAt = Date.now();
      lostReason = reason;
      events?.onState('reconnecting', reason);
    }
    schedule();
  };

  const schedule = (): void => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, backoff.next());
  };

  const open = (): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) return resolve();
      if (lostAt !== null && openedVia?.pty && !madeSince(openedVia, identify(source.path))) {
        const why = openedVia.link
          ? `${source.path} named a pseudo-terminal that is gone; waiting for its link to be made again (its number may now be another program's)`
          : `${source.path} was a pseudo-terminal and is gone (its number may now be another program's); start the stream on the new port`;
        if (lostReason !== why) {
          lostReason = why;
          events?.onState('reconnecting', why);
        }
        schedule();
        return resolve();
      }
      const via = identify(source.path);
      const options: ConstructorParameters<typeof SerialPort>[0] & { binding: typeof hangupAwareBinding } = {
        path: source.path,
        baudRate: source.baudRate ?? defaultBaudRate,
        dataBits: source.dataBits ?? 8,
        parity: source.parity ?? 'none',
        stopBits: source.stopBits ?? 1,
        autoOpen: false,
        // A second reader on the same port would steal half the lines.
        lock: true,
        // serialport 13's own binding never notices a port that hung up before its read: see serial-hangup.
        binding: hangupAwareBinding,
      };
      const p = new SerialPort(options);
      p.open((err) => {
        if (stopped) {
          if (!err) p.close(() => undefined);
          return resolve();
        }
        if (err) {
          lost(describe(source.path, err));
          return resolve();
        }
        port = p;
        openedVia = via;
        lines.reset();
        slip = new SlipDecoder();
        backoff.reset();
        p.on('data', onData);
        p.on('error', (e: Error) => lost(describe(source.path, e)));
        p.on('close', (e: Error | null) => lost(e ? describe(source.path, e) : `${source.path} closed`));
        // A port that was never there at start is a connect delay, not a gap in the data.
        if (lostAt !== null && everLive) events?.onGap(lostAt, Date.now(), lostReason);
        lostAt = null;
        everLive = true;
        events?.onState('live');
        resolve();
      });
    });

  return {
    async start(ev) {
      events = ev;
      ev.onState('connecting');
      await open();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const p = port;
      port = null;
      if (p) {
        p.removeAllListeners();
        p.on('error', () => undefined);
        if (p.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
      }
    },
  } satisfies SourceAdapter;
};

function describe(path: string, err: Error): string {
  const msg = err.message;
  if (/ENOENT|No such file/i.test(msg)) return `${path} is not there (unplugged?)`;
  if (/EACCES|Permission denied/i.test(msg)) return `No permission to open ${path} (add yourself to the dialout group)`;
  if (/Cannot lock|EBUSY|Resource temporarily unavailable/i.test(msg)) return `${path} is in use by another program`;
  if ((err as { disconnected?: boolean }).disconnected) return `${path} disconnected`;
  return `${path}: ${msg}`;
}

/** Where a port path leads: whether to a pty (Unix98 slaves, majors 136–143), and its last link. */
interface PortIdentity {
  readonly pty: boolean;
  /** The last symlink on the way (inode, change time, target), or null when the path is the device itself. */
  readonly link: string | null;
}

function identify(portPath: string): PortIdentity {
  let link: string | null = null;
  let current = portPath;
  try {
    for (let hops = 0; hops < 16; hops++) {
      const st = fs.lstatSync(current);
      if (!st.isSymbolicLink()) break;
      const target = fs.readlinkSync(current);
      link = `${st.ino}:${st.ctimeMs}:${target}`;
      current = path.resolve(path.dirname(current), target);
    }
    const major = (fs.statSync(current).rdev >> 8) & 0xfff;
    return { pty: major >= 136 && major <= 143, link };
  } catch {
    // Not there (unplugged, link dangling): nothing to compare; opening will say so.
    return { pty: false, link };
  }
}

/** Whether the path now leads through a link made since the port last opened (a device node itself never is). */
function madeSince(before: PortIdentity, now: PortIdentity): boolean {
  return before.link !== null && now.link !== null && now.link !== before.link;
}
