import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerConfig, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { parseStartFrom, type NatsSource as NatsSpec, type PartitionLag } from '../../preload/contract/stream-platforms';
import type { RowPosition } from '../project/stream-offsets';
import { displayUrl } from './mqtt-source';
import { errorText, FatalSourceError, PlatformSource } from './platform-source';
import type { SourceFactory, SourceMessage } from './source';

/** Messages a consume() keeps buffered; it pulls more as they are taken. */
const bufferMessages = 2000;
/**
 * Delivered but unacknowledged messages the server allows the durable. Acks wait for the commit
 * (a flush every 50 ms), so JetStream's default of 1,000 capped a backlog's rate near 1,000 per
 * flush; this holds a few flushes' worth. The queue's own backlog limit still bounds memory.
 */
const maxAckPending = 20_000;
const connectTimeoutMs = 5_000;
/** JetStream's acknowledgement payloads (what JsMsg.ack() and nak() send to the reply subject). */
const ack = new TextEncoder().encode('+ACK');
const nak = new TextEncoder().encode('-NAK');

/**
 * A durable pull consumer of a JetStream stream. The durable is created on first use with the
 * start position (--from) and explicit acks; later runs resume where it stands. A message is
 * acknowledged only when its row is stored; one not acknowledged is redelivered after
 * ackWaitSeconds, and its stored row makes the redelivery a counted duplicate.
 * Position: (stream name, stream sequence).
 */
class NatsSource extends PlatformSource {
  private nc: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  /**
   * Delivered by consume()'s callback, not yet taken by pull(): a pull takes all of them at once.
   * The callback form costs no promise per message (the async iterator's next() was ~5 % of the
   * stream thread, with its microtasks); memory stays bounded by max_ack_pending, as before.
   */
  private inbox: JsMsg[] = [];
  /** consume() ended (stopped, or the stream or durable deleted). */
  private ended = false;
  /** Resolves a pull() waiting on an empty inbox. */
  private wake: (() => void) | null = null;
  /**
   * Delivered, not yet acknowledged: each message's reply subject by stream sequence. Only the
   * subject is kept (what an ack is sent to): holding thousands of whole messages until their
   * commit was a good part of the worker's garbage collection.
   */
  private readonly unacked = new Map<string, string>();
  private readonly url: string;
  /** The ack subject of the message furthest along the stream so far, and its stream sequence. */
  private newestReply = '';
  private furthestSeq = 0;

  constructor(
    private readonly spec: NatsSpec,
    private readonly binary: boolean,
    private readonly peek: boolean,
    /** Peek: the last sequence handed on (at first a replay's checkpoint), where a reconnect goes on. */
    private resumeAfter: string | undefined,
  ) {
    super([spec.password ?? '']);
    this.url = displayUrl(spec.url);
  }

  protected describe(): string {
    return `JetStream stream ${this.spec.stream} on ${this.url}`;
  }

  protected async connect(): Promise<void> {
    const spec = this.spec;
    try {
      this.nc = await connect({
        servers: spec.url,
        reconnect: false, // the shared loop reconnects, with gaps recorded
        timeout: connectTimeoutMs,
        ...(spec.username !== undefined ? { user: spec.username } : {}),
        ...(spec.password !== undefined ? { pass: spec.password } : {}),
      });
    } catch (err) {
      const text = errorText(err);
      if (/authori[sz]ation|authentication|credentials/i.test(text)) {
        throw new FatalSourceError(`${this.url} refused the login ${spec.username ? `for user ${spec.username}` : 'for an anonymous client (no user given)'}: ${text}`);
      }
      throw err;
    }
    const jsm = await jetstreamManager(this.nc, { timeout: connectTimeoutMs }).catch((err: unknown) => {
      throw new FatalSourceError(`JetStream is not enabled on ${this.url} (start nats-server with -js): ${errorText(err)}`);
    });
    try {
      await jsm.streams.info(spec.stream);
    } catch (err) {
      throw new FatalSourceError(`The JetStream stream "${spec.stream}" does not exist on ${this.url}: check the name, or create it first (${errorText(err)}).`);
    }
    const js = jetstream(this.nc);
    let consumer;
    if (this.peek) {
      // An ordered consumer of its own: the durable's position and pending acks stay untouched.
      // A replay restarted goes on after the last sequence it stored.
      const { deliver_policy, opt_start_seq, opt_start_time } =
        this.resumeAfter !== undefined ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Number(this.resumeAfter) + 1, opt_start_time: undefined } : this.consumerConfig();
      consumer = await js.consumers.get(spec.stream, {
        ...(spec.subject ? { filter_subjects: spec.subject } : {}),
        ...(deliver_policy !== undefined ? { deliver_policy } : {}),
        ...(opt_start_seq !== undefined ? { opt_start_seq } : {}),
        ...(opt_start_time !== undefined ? { opt_start_time } : {}),
      });
    } else {
      const existing = await jsm.consumers.info(spec.stream, spec.durable).catch(() => null);
      if (!existing) await jsm.consumers.add(spec.stream, this.consumerConfig());
      consumer = await js.consumers.get(spec.stream, spec.durable);
    }
    this.inbox = [];
    this.ended = false;
    const messages = await consumer.consume({
      max_messages: bufferMessages,
      abort_on_missing_resource: true,
      callback: (m) => {
        this.inbox.push(m);
        this.awaken();
      },
    });
    this.messages = messages;
    // Only this consume's end: one closed before a reconnect must not end the next.
    const ended = (): void => {
      if (this.messages === messages) this.end();
    };
    void messages.closed().then(ended, ended);
    // A deleted stream or durable is only a notification to consume(), which would wait for it to come back:
    // stop it instead, so pull() finds out what is gone and fails the source with that.
    void (async () => {
      for await (const s of messages.status()) {
        if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
          messages.stop();
          return;
        }
      }
    })().catch(() => undefined);
  }

  private consumerConfig(): Partial<ConsumerConfig> {
    const start = parseStartFrom(this.spec.from);
    const config: Partial<ConsumerConfig> = {
      durable_name: this.spec.durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: Math.round((this.spec.ackWaitSeconds ?? 30) * 1e9),
      max_ack_pending: maxAckPending,
      ...(this.spec.subject ? { filter_subject: this.spec.subject } : {}),
    };
    switch (start.kind) {
      case 'earliest':
        return { ...config, deliver_policy: DeliverPolicy.All };
      case 'latest':
        return { ...config, deliver_policy: DeliverPolicy.New };
      case 'offset':
        if (!/^\d+$/.test(start.offset)) throw new FatalSourceError(`"${start.offset}" is not a JetStream sequence number.`);
        return { ...config, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Number(start.offset) };
      case 'time':
        return { ...config, deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(start.ms).toISOString() };
    }
  }

  private awaken(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private end(): void {
    this.ended = true;
    this.awaken();
  }

  protected async pull(): Promise<SourceMessage[]> {
    if (!this.messages) throw new Error('not connected');
    if (this.inbox.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    const batch = this.inbox;
    this.inbox = [];
    if (batch.length === 0) {
      if (this.stopped) return [];
      await this.explainEnd();
      throw new Error('the consumer stopped delivering');
    }
    const partition = this.spec.stream;
    const arrivedAt = Date.now();
    const out = new Array<SourceMessage>(batch.length);
    let redelivered = 0;
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i];
      const reply = replySubject(m);
      // The stream sequence read from the reply subject: m.seq parses all of it into an object (~6 % of the thread).
      const seq = replyToken(reply, sequenceToken);
      const offset = String(seq);
      // Lag is read off the furthest message's pending count: a redelivery of an earlier one, which may
      // come after it, carries a count from before (a run's lag read 1 with every message stored).
      if (seq >= this.furthestSeq) {
        this.furthestSeq = seq;
        this.newestReply = reply;
      }
      if (!this.peek) {
        this.unacked.set(offset, reply);
        if (replyToken(reply, deliveredToken) > 1) redelivered++;
      }
      const position: RowPosition = { partition, offset };
      out[i] = this.binary ? { bytes: m.data, arrivedAt, topic: m.subject, position } : { text: m.string(), arrivedAt, topic: m.subject, position };
    }
    if (redelivered > 0) this.recordRedeliveries(redelivered, arrivedAt);
    if (this.peek) this.resumeAfter = out[out.length - 1].position?.offset;
    return out;
  }

  /**
   * Messages delivered before and never acknowledged came late, by up to the ack wait: recorded as a
   * gap with their count, one per batch holding any. Redeliveries of rows already stored are skipped as duplicates, not stored twice.
   */
  private recordRedeliveries(count: number, at: number): void {
    const waitMs = (this.spec.ackWaitSeconds ?? 30) * 1000;
    this.events?.onGap(
      at - waitMs,
      at,
      `${count} messages of durable ${this.spec.durable} redelivered: delivered before and not acknowledged within the ack wait (a member that left or stalled: a rebalance; or this one before a restart)`,
    );
  }

  override lag(): PartitionLag[] {
    if (this.newestReply) this.lagByPartition.set(this.spec.stream, { partition: this.spec.stream, behind: replyToken(this.newestReply, pendingToken), unit: 'messages' });
    return super.lag();
  }

  /** A deleted stream or consumer is not an outage: say so and stop retrying. */
  private async explainEnd(): Promise<void> {
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    const jsm = await jetstreamManager(nc).catch(() => null);
    if (!jsm) return;
    const stream = await jsm.streams.info(this.spec.stream).then(() => true, () => false);
    if (!stream) throw new FatalSourceError(`The JetStream stream "${this.spec.stream}" was deleted on ${this.url} while it was read.`);
    const consumer = await jsm.consumers.info(this.spec.stream, this.spec.durable).then(() => true, () => false);
    if (!consumer) throw new FatalSourceError(`The durable consumer "${this.spec.durable}" of stream "${this.spec.stream}" was deleted on ${this.url} while it was read.`);
  }

  acknowledge(positions: readonly RowPosition[]): void {
    // From a connection since lost, the ack goes nowhere: the message is redelivered and skipped as a duplicate.
    const nc = this.nc && !this.nc.isClosed() ? this.nc : null;
    for (const p of positions) {
      const reply = this.unacked.get(p.offset);
      if (reply === undefined) continue;
      this.unacked.delete(p.offset);
      nc?.publish(reply, ack);
    }
  }

  protected override interrupt(): void {
    this.messages?.stop();
    this.end();
  }

  protected async close(): Promise<void> {
    const nc = this.nc;
    const untaken = this.inbox;
    this.messages?.stop();
    this.messages = null;
    this.inbox = [];
    this.newestReply = '';
    this.furthestSeq = 0;
    this.nc = null;
    // Pulled but never stored (a Detect, a stop mid-batch), or delivered but not yet taken: handed back now rather than after ack_wait.
    if (nc && !nc.isClosed() && !this.peek) {
      for (const reply of this.unacked.values()) nc.publish(reply, nak);
      for (const m of untaken) nc.publish(replySubject(m), nak);
    }
    this.unacked.clear();
    if (nc && !nc.isClosed()) {
      // drain() flushes the acks already sent; bounded in case the server is gone.
      await Promise.race([nc.drain().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    }
  }
}

/** Where a message's ack goes: JsMsg's implementation has it, its interface does not say so. */
function replySubject(m: JsMsg): string {
  if ('reply' in m && typeof m.reply === 'string' && m.reply.length > 0) return m.reply;
  throw new Error('a JetStream message without a reply subject cannot be acknowledged');
}

/**
 * Tokens of a JetStream ack subject, counted from its end so both forms read alike:
 * $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending> and
 * $JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>[.<random>].
 */
const sequenceToken = 3;
const deliveredToken = 4;
const pendingToken = 0;

/** Where the dots of an ack subject are: one pass over it per message, reused. */
const dots = new Int32Array(12);

/**
 * The number in token `fromEnd` (0: the last numeric one, pending) of an ack subject, read in
 * place in one pass: no split, no parsed object per message. Throws on a subject that is not an
 * ack subject.
 */
export function replyToken(reply: string, fromEnd: number): number {
  let n = 0;
  for (let i = 0; i < reply.length && n <= 12; i++) if (reply.charCodeAt(i) === 46) dots[n++] = i;
  // 9 tokens (old form), 11 (new), or 12 (new with the random token at the end).
  const tokens = n + 1;
  if ((tokens !== 9 && tokens !== 11 && tokens !== 12) || !reply.startsWith('$JS.ACK.')) throw new Error(`"${reply}" is not a JetStream ack subject`);
  const token = (tokens === 12 ? 10 : tokens - 1) - fromEnd;
  const from = dots[token - 1] + 1;
  const to = token < n ? dots[token] : reply.length;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = reply.charCodeAt(i);
    if (c < 48 || c > 57) throw new Error(`"${reply}" is not a JetStream ack subject`);
    value = value * 10 + (c - 48);
  }
  if (to === from) throw new Error(`"${reply}" is not a JetStream ack subject`);
  return value;
}

export const createNatsSource: SourceFactory<'nats'> = (source, options) =>
  new NatsSource(source, options.binary, options.peek ?? false, options.peek ? options.checkpoints?.find((c) => c.partition === source.stream)?.lastOffset : undefined);
