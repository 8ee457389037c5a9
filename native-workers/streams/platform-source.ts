import type { StreamState } from '../../preload/contract/sensors';
import type { PartitionLag } from '../../preload/contract/stream-platforms';
import type { RowPosition } from '../project/stream-offsets';
import { Backoff } from './backoff';
import { maxBacklog, type SourceAdapter, type SourceEvents, type SourceMessage } from './source';

/** A failure retrying cannot fix (refused login, missing or deleted stream): the source fails once, with this message. */
export class FatalSourceError extends Error {}

export function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(errorText).join('; ');
  return err instanceof Error ? err.message || err.name : String(err);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The loop every streaming-platform source shares: connect, pull batches while storage keeps up
 * (backlog below maxBacklog), and on a lost connection record the gap, back off and reconnect;
 * a FatalSourceError fails the stream once. Subclasses say how to connect, pull, acknowledge and
 * close; secrets they name are masked in every state detail.
 */
export abstract class PlatformSource implements SourceAdapter {
  protected events: SourceEvents | null = null;
  protected stopped = false;
  private state: Exclude<StreamState, 'stopped'> | null = null;
  private detail = '';
  private lostAt: number | null = null;
  private lossReason = '';
  private firstSettled: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  protected lagByPartition = new Map<string, PartitionLag>();
  private readonly backoff = new Backoff();

  constructor(private readonly secrets: readonly string[]) {}

  /** Opens the client and the consumer; resolves when messages can be pulled. */
  protected abstract connect(): Promise<void>;
  /** The next batch (may be empty after a short wait); throws on a lost connection. */
  protected abstract pull(): Promise<SourceMessage[]>;
  /** Closes whatever connect opened; never throws. */
  protected abstract close(): Promise<void>;
  /** What the source is, for messages: "stream S on nats://…". */
  protected abstract describe(): string;
  abstract acknowledge(positions: readonly RowPosition[]): void;
  /** Wakes a pull() that waits for messages, on stop(). */
  protected interrupt(): void {}

  lag(): PartitionLag[] {
    return [...this.lagByPartition.values()];
  }

  start(events: SourceEvents): Promise<void> {
    if (this.events) throw new Error('This source was already started.');
    this.events = events;
    if (this.stopped) return Promise.resolve();
    const settled = new Promise<void>((resolve) => (this.firstSettled = resolve));
    this.setState('connecting', `connecting to ${this.describe()}`);
    this.loop = this.run();
    return settled;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.settleFirst();
    this.interrupt();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let live = false;
      try {
        await this.connect();
        if (this.stopped) break;
        live = true;
        this.backoff.reset();
        if (this.lostAt !== null) {
          this.events?.onGap(this.lostAt, Date.now(), this.redact(`connection lost: ${this.lossReason}`));
          this.lostAt = null;
        }
        this.setState('live', `consuming ${this.describe()}`);
        this.settleFirst();
        while (!this.stopped) {
          if ((this.events?.backlog?.() ?? 0) >= maxBacklog) {
            await sleep(10);
            continue;
          }
          const batch = await this.pull();
          if (this.stopped) break;
          for (const m of batch) this.events?.onMessage(m);
        }
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof FatalSourceError) {
          this.stopped = true;
          this.setState('failed', err.message);
          this.settleFirst();
          break;
        }
        const reason = errorText(err);
        if (live) {
          this.lostAt = Date.now();
          this.lossReason = reason;
        }
        this.setState('reconnecting', live ? `connection lost: ${reason}` : `cannot reach ${this.describe()}: ${reason}`);
        this.settleFirst();
        await this.close();
        await this.pause(this.backoff.next());
      }
    }
    await this.close();
  }

  /** Sleeps, but wakes early on stop(). */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopped && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
  }

  private setState(state: Exclude<StreamState, 'stopped'>, detail: string): void {
    const safe = this.redact(detail);
    if (state === this.state && safe === this.detail) return;
    this.state = state;
    this.detail = safe;
    this.events?.onState(state, safe);
  }

  protected redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (s.length > 0) out = out.split(s).join('***');
    return out;
  }

  private settleFirst(): void {
    const resolve = this.firstSettled;
    this.firstSettled = null;
    resolve?.();
  }
}
