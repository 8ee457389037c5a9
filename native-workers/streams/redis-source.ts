import { createClient } from 'redis';
import { parseStartFrom, type RedisSource as RedisSpec } from '../../preload/contract/stream-platforms';
import type { RowPosition } from '../project/stream-offsets';
import { displayUrl } from './mqtt-source';
import { errorText, FatalSourceError, PlatformSource } from './platform-source';
import type { SourceFactory, SourceMessage } from './source';

type Client = ReturnType<typeof createClient>;

/** Entries per read: large, so a backlog crosses the socket in few round trips. */
const batch = 2_000;
/** Short enough that stop() is answered quickly, long enough not to spin on an idle stream. */
const blockMs = 250;
const lagEveryMs = 1_000;
const maxSeq = '18446744073709551615';

/** The group's start id: XGROUP CREATE delivers entries after it, so an inclusive start steps one back. */
export function groupStartId(from: string | undefined): string {
  const start = parseStartFrom(from);
  if (start.kind === 'earliest') return '0';
  if (start.kind === 'latest') return '$';
  const [ms, seq] = start.kind === 'time' ? [String(start.ms), '0'] : (start.offset.split('-') as [string, string?]);
  if (seq !== undefined && seq !== '0') return `${ms}-${BigInt(seq) - 1n}`;
  return BigInt(ms) === 0n ? '0' : `${BigInt(ms) - 1n}-${maxSeq}`;
}

/** An entry's payload: its one field's value, or all its fields as a JSON object (numbers as numbers). */
export function entryText(fields: readonly string[]): string {
  if (fields.length === 2) return fields[1];
  const out: Record<string, string | number> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const v = fields[i + 1];
    const n = Number(v);
    out[fields[i]] = v.trim() !== '' && Number.isFinite(n) ? n : v;
  }
  return JSON.stringify(out);
}

type RawEntry = [string, string[]];

function isEntry(x: unknown): x is RawEntry {
  return Array.isArray(x) && typeof x[0] === 'string' && Array.isArray(x[1]);
}

/**
 * A member of a Redis Streams consumer group. The group is created on first use at --from; a
 * restart first re-reads this consumer's own pending entries (delivered, never acknowledged),
 * then claims other consumers' entries idle longer than claimIdleSeconds (XAUTOCLAIM), then
 * reads new ones. While running it claims again every claimIdleSeconds, so the entries of a
 * member that died mid-run (a rebalance) are stored here; each claim that finds entries is
 * recorded as a gap. XACK follows each stored batch. Position: (stream key, entry id).
 */
class RedisSource extends PlatformSource {
  private reader: Client | null = null;
  private writer: Client | null = null;
  private phase: 'own' | 'claim' | 'new' | 'peek' = 'own';
  /** Peek (Detect): XRANGE from here, outside the group. */
  private peekFrom = '-';
  private claimCursor = '0-0';
  /** When the last claim pass ended; the next starts claimIdleSeconds later. */
  private claimedAt = Date.now();
  /** Entries claimed in the current pass, recorded as one gap when it ends. */
  private claimedInPass = 0;
  /** Reading own pending entries: after this id (each page starts past the last). */
  private ownCursor = '0';
  /** The next XREADGROUP >, sent as soon as the last one answered, so the server reads while this process stores. */
  private prefetch: Promise<unknown> | null = null;
  private lagAt = 0;
  private readonly url: string;
  private readonly consumer: string;

  constructor(
    private readonly spec: RedisSpec,
    private readonly binary: boolean,
    streamId: number | undefined,
    private readonly peek: boolean,
    /** Peek: the last id handed on (at first a replay's checkpoint), where a reconnect goes on. */
    private resumeAfter: string | undefined,
  ) {
    super([spec.password ?? '', urlPassword(spec.url)]);
    this.url = displayUrl(spec.url);
    this.consumer = spec.consumer ?? `assay-${streamId ?? 0}`;
  }

  protected describe(): string {
    return `Redis stream ${this.spec.stream} (group ${this.spec.group}) on ${this.url}`;
  }

  protected async connect(): Promise<void> {
    const spec = this.spec;
    const client = createClient({
      url: spec.url,
      ...(spec.username !== undefined ? { username: spec.username } : {}),
      ...(spec.password !== undefined ? { password: spec.password } : {}),
      socket: { reconnectStrategy: false, connectTimeout: 5_000 },
    });
    // Errors surface through the failed command; without a listener node-redis would throw them.
    client.on('error', () => undefined);
    this.reader = client;
    try {
      await client.connect();
    } catch (err) {
      throw this.classify(err);
    }
    const writer = client.duplicate();
    writer.on('error', () => undefined);
    this.writer = writer;
    await writer.connect();
    if (this.peek) {
      // Detect reads with XRANGE: the group is neither created nor moved, nothing lands in a pending list.
      const exists = (await writer.sendCommand(['EXISTS', spec.stream])) as unknown;
      if (exists === 0) throw new FatalSourceError(`The Redis stream "${spec.stream}" does not exist on ${this.url}: check the key, or add an entry first.`);
      this.peekFrom = await this.peekStart(writer);
      this.phase = 'peek';
      return;
    }
    try {
      await writer.sendCommand(['XGROUP', 'CREATE', spec.stream, spec.group, groupStartId(spec.from)]);
    } catch (err) {
      const text = errorText(err);
      if (!/BUSYGROUP/.test(text)) {
        if (/requires the key to exist/i.test(text)) throw new FatalSourceError(`The Redis stream "${spec.stream}" does not exist on ${this.url}: check the key, or add an entry first.`);
        throw this.classify(err);
      }
    }
    this.phase = this.peek ? 'peek' : 'own';
    this.claimCursor = '0-0';
    this.ownCursor = '0';
    this.prefetch = null;
  }

  /** Where a read outside the group starts: after a replay's own checkpoint, else at --from (latest: after the newest entry). */
  private async peekStart(client: Client): Promise<string> {
    if (this.resumeAfter !== undefined) return `(${this.resumeAfter}`;
    const start = groupStartId(this.spec.from);
    if (start === '0') return '-';
    if (start !== '$') return `(${start}`;
    const newest = (await client.sendCommand(['XREVRANGE', this.spec.stream, '+', '-', 'COUNT', '1'])) as unknown;
    return Array.isArray(newest) && isEntry(newest[0]) ? `(${newest[0][0]}` : '-';
  }

  private classify(err: unknown): Error {
    const text = this.redact(errorText(err));
    if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(text)) {
      return new FatalSourceError(`${this.url} refused the login ${this.spec.username ? `for user ${this.spec.username}` : '(no password, or a wrong one)'}: ${text}`);
    }
    if (/NOGROUP|UNBLOCKED|no longer exists/.test(text)) return new FatalSourceError(`The Redis stream "${this.spec.stream}" or its group "${this.spec.group}" was deleted on ${this.url}: ${text}`);
    if (/WRONGTYPE/.test(text)) return new FatalSourceError(`The key "${this.spec.stream}" on ${this.url} is not a stream.`);
    return err instanceof Error ? err : new Error(text);
  }

  protected async pull(): Promise<SourceMessage[]> {
    const reader = this.reader;
    if (!reader) throw new Error('not connected');
    await this.updateLag();
    const spec = this.spec;
    try {
      if (this.phase === 'peek') {
        const reply = (await reader.sendCommand(['XRANGE', spec.stream, this.peekFrom, '+', 'COUNT', String(batch)])) as unknown;
        const entries = Array.isArray(reply) ? reply.filter(isEntry) : [];
        if (entries.length === 0) await new Promise((resolve) => setTimeout(resolve, blockMs));
        else {
          this.resumeAfter = entries[entries.length - 1][0];
          this.peekFrom = `(${this.resumeAfter}`;
        }
        return this.messages(entries);
      }
      // Another member may have died since the last pass: claim what it left pending (never while a read is prefetched).
      if (this.phase === 'new' && this.prefetch === null && Date.now() - this.claimedAt >= this.claimIdleMs) this.phase = 'claim';
      if (this.phase === 'claim') {
        const reply = (await reader.sendCommand(['XAUTOCLAIM', spec.stream, spec.group, this.consumer, String(this.claimIdleMs), this.claimCursor, 'COUNT', String(batch)])) as unknown;
        const [next, entries] = Array.isArray(reply) ? (reply as [string, unknown[]]) : ['0-0', []];
        this.claimCursor = next;
        const claimed = entries.filter(isEntry);
        this.claimedInPass += claimed.length;
        if (next === '0-0') this.endClaimPass();
        return this.messages(claimed);
      }
      const id = this.phase === 'own' ? this.ownCursor : '>';
      const args = ['XREADGROUP', 'GROUP', spec.group, this.consumer, 'COUNT', String(batch), ...(this.phase === 'new' ? ['BLOCK', String(blockMs)] : []), 'STREAMS', spec.stream, id];
      const pending = this.prefetch;
      this.prefetch = null;
      const reply = (await (pending ?? reader.sendCommand(args))) as unknown;
      const entries = Array.isArray(reply) && Array.isArray(reply[0]) ? ((reply[0] as unknown[])[1] as unknown[]) : [];
      // Reading our own pending entries ends when a page comes back empty.
      if (this.phase === 'own' && entries.length === 0) this.phase = 'claim';
      const lastEntry = entries.at(-1);
      if (this.phase === 'own' && Array.isArray(lastEntry) && typeof lastEntry[0] === 'string') this.ownCursor = lastEntry[0];
      // A full page means more is waiting: ask now. Entries it reads that are never stored (a stop, a lost
      // connection) stay pending for this consumer and are read again first on the next connect.
      if (this.phase === 'new' && entries.length === batch && !this.stopped) {
        const next = reader.sendCommand(args);
        next.catch(() => undefined); // awaited by the next pull; a failure surfaces there
        this.prefetch = next;
      }
      // Pending entries deleted from the stream come back without fields: acknowledge them, nothing to store.
      const gone = entries.filter((e): e is [string, null] => Array.isArray(e) && typeof e[0] === 'string' && e[1] === null).map((e) => e[0]);
      if (gone.length > 0) this.xack(gone);
      return this.messages(entries.filter(isEntry));
    } catch (err) {
      throw this.classify(err);
    }
  }

  private get claimIdleMs(): number {
    return Math.round((this.spec.claimIdleSeconds ?? 60) * 1000);
  }

  /** Back to new entries; claimed ones were late by at least the idle time: recorded as a gap with the count. */
  private endClaimPass(): void {
    this.phase = 'new';
    this.claimCursor = '0-0';
    const now = Date.now();
    this.claimedAt = now;
    if (this.claimedInPass > 0) {
      const seconds = this.claimIdleMs / 1000;
      this.events?.onGap(now - this.claimIdleMs, now, `claimed ${this.claimedInPass} entries of group ${this.spec.group} left pending over ${seconds} s by another consumer (one that stopped or stalled: a rebalance)`);
    }
    this.claimedInPass = 0;
  }

  private messages(entries: readonly RawEntry[]): SourceMessage[] {
    const arrivedAt = Date.now();
    const partition = this.spec.stream;
    return entries.map(([id, fields]) => {
      const position = { partition, offset: id };
      const text = entryText(fields);
      return this.binary ? { bytes: Buffer.from(text, 'latin1'), arrivedAt, position } : { text, arrivedAt, position };
    });
  }

  private async updateLag(): Promise<void> {
    const now = Date.now();
    if (now - this.lagAt < lagEveryMs || !this.writer) return;
    this.lagAt = now;
    const reply = (await this.writer.sendCommand(['XINFO', 'GROUPS', this.spec.stream]).catch(() => null)) as unknown;
    if (!Array.isArray(reply)) return;
    for (const g of reply as unknown[]) {
      if (!Array.isArray(g)) continue;
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      if (info.get('name') !== this.spec.group) continue;
      // lag: entries not yet delivered to the group (Redis 7); pending: delivered, not acknowledged.
      const lag = Number(info.get('lag') ?? 0) + Number(info.get('pending') ?? 0);
      this.lagByPartition.set(this.spec.stream, { partition: this.spec.stream, behind: Number.isFinite(lag) ? lag : 0, unit: 'messages' });
    }
  }

  acknowledge(positions: readonly RowPosition[]): void {
    // Read outside the group (Detect, a replay): nothing of the group's to acknowledge.
    if (positions.length > 0 && !this.peek) this.xack(positions.map((p) => p.offset));
  }

  private xack(ids: readonly string[]): void {
    // A lost XACK leaves the entry pending: re-read on restart and skipped as a duplicate.
    void this.writer?.sendCommand(['XACK', this.spec.stream, this.spec.group, ...ids]).catch(() => undefined);
  }

  protected async close(): Promise<void> {
    const clients = [this.reader, this.writer];
    this.prefetch = null;
    this.reader = null;
    this.writer = null;
    for (const c of clients) {
      if (!c?.isOpen) continue;
      // close() waits for replies in flight (the XACKs); destroy() if the server is gone.
      await Promise.race([Promise.resolve().then(() => c.close()).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      if (c.isOpen) c.destroy();
    }
  }
}

function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export const createRedisSource: SourceFactory<'redis'> = (source, options) =>
  new RedisSource(source, options.binary, options.streamId, options.peek ?? false, options.peek ? options.checkpoints?.find((c) => c.partition === source.stream)?.lastOffset : undefined);
