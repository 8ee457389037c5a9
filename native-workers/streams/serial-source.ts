import { SerialPort } from 'serialport';
import { defaultBaudRate } from '../../preload/contract/source-opened';
import { SlipDecoder } from '../ml/stream/slip';
import type { SourceAdapter, SourceEvents, SourceFactory } from './source';
import { Backoff } from './backoff';
import { LineSplitter } from './lines';

/**
 * A serial (USB CDC, UART, socat pty) source. Text protocols are split into
 * lines here rather than with serialport's ReadlineParser, because its buffer
 * grows without bound on a stream that never sends a newline (wrong baud rate,
 * garbage); ours cuts runs at 64 KiB and hands them on as malformed lines.
 * Binary records are SLIP-framed (ml/stream/slip).
 *
 * A port that closes or errors (unplugged, socat killed) is reopened with
 * backoff until stop(); the time without data is reported as a gap.
 */
export const createSerialSource: SourceFactory<'serial'> = (source, options) => {
  let events: SourceEvents | null = null;
  let port: SerialPort | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let lostAt: number | null = null;
  let lostReason = '';
  let everLive = false;
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
      const p = new SerialPort({
        path: source.path,
        baudRate: source.baudRate ?? defaultBaudRate,
        dataBits: source.dataBits ?? 8,
        parity: source.parity ?? 'none',
        stopBits: source.stopBits ?? 1,
        autoOpen: false,
        // A second reader on the same port would steal half the lines.
        lock: true,
      });
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
