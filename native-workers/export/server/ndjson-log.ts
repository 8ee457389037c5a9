/**
 * The exported server's prediction log: NDJSON files in one folder, rotated by
 * size. Each file is named for when it was opened
 * (`predictions-20260101T120000Z-<pid>-<n>.ndjson`) and never renamed, so a
 * line's (file, line number) stays the same whenever the folder is pulled,
 * which keeps `assay monitor pull` idempotent. Lines are buffered and appended
 * every `flushMs` (a request never waits on the disk); the oldest files beyond
 * `maxFiles` are deleted. A log whose folder cannot be written says so once on
 * stderr and stops logging; the server carries on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatLogLine, type LogLine } from '../../ml/monitor-feedback/log-lines';

export interface NdjsonLogOptions {
  readonly dir: string;
  /** Bytes per file before a new one is started. Default 64 MiB. */
  readonly maxBytes?: number;
  /** Files kept; older ones are deleted. Default 20. */
  readonly maxFiles?: number;
  readonly flushMs?: number;
}

export const logFilePattern = /^predictions-\d{8}T\d{6}Z-\d+-\d+\.ndjson$/;

export class NdjsonLog {
  private pending: string[] = [];
  private fd: number | null = null;
  private size = 0;
  private opened = 0;
  private failed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly maxBytes: number;
  private readonly maxFiles: number;

  constructor(private readonly opts: NdjsonLogOptions) {
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    this.maxFiles = opts.maxFiles ?? 20;
    this.timer = setInterval(() => this.flush(), opts.flushMs ?? 200);
    this.timer.unref();
  }

  write(line: LogLine): void {
    if (!this.failed) this.pending.push(formatLogLine(line));
  }

  /** Appends what is buffered (synchronously: called at shutdown too). */
  flush(): void {
    if (this.pending.length === 0 || this.failed) return;
    const lines = this.pending;
    this.pending = [];
    try {
      let i = 0;
      while (i < lines.length) {
        if (this.fd === null || this.size >= this.maxBytes) this.rotate();
        // Up to the file's size limit at a time, so one flush of a busy second rotates where it should.
        let chunk = '';
        while (i < lines.length && (chunk === '' || this.size + Buffer.byteLength(chunk) < this.maxBytes)) chunk += `${lines[i++]!}\n`;
        fs.writeSync(this.fd!, chunk);
        this.size += Buffer.byteLength(chunk);
      }
    } catch (err) {
      this.failed = true;
      process.stderr.write(`prediction log off: cannot write to ${this.opts.dir} (${err instanceof Error ? err.message : String(err)}); set PREDICTION_LOG_DIR to a writable folder.\n`);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private rotate(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    fs.mkdirSync(this.opts.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const name = `predictions-${stamp}-${process.pid}-${++this.opened}.ndjson`;
    this.fd = fs.openSync(path.join(this.opts.dir, name), 'a');
    this.size = 0;
    const files = fs.readdirSync(this.opts.dir).filter((f) => logFilePattern.test(f));
    // Oldest first by modification time (names of two processes do not sort by age).
    const aged = files.map((f) => ({ f, t: fs.statSync(path.join(this.opts.dir, f)).mtimeMs })).sort((a, b) => a.t - b.t || a.f.localeCompare(b.f));
    for (const old of aged.slice(0, Math.max(0, aged.length - this.maxFiles))) fs.rmSync(path.join(this.opts.dir, old.f), { force: true });
  }
}
