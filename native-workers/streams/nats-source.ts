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
  private iterator: AsyncIterator<JsMsg> | null = null;
  /**
   * Delivered, not yet acknowledged: each message's reply subject by stream sequence. Only the
   * subject is kept (what an ack is sent to): holding thousands of whole messages until their
   * commit was a good part of the worker's garbage collection.
   */
  private readonly unacked = new Map<number, string>();
  private readonly url: string;
  /** The last message delivered: the lag is read from it when asked (m.info parses the reply subject, too dear per message). */
  private newest: JsMsg | null = null;

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
    const messages = await consumer.consume({ max_messages: bufferMessages, abort_on_missing_resource: true });
    this.messages = messages;
    this.iterator = messages[Symbol.asyncIterator]();
    // A deleted stream or durable is only a notification to consume(), which would wait for it to come back:
    // end the iterator instead, so pull() finds out what is gone and fails the source with that.
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

  protected async pull(): Promise<SourceMessage[]> {
    const iterator = this.iterator;
    if (!iterator) throw new Error('not connected');
    let next: IteratorResult<JsMsg>;
    try {
      next = await iterator.next();
    } catch (err) {
      if (!this.stopped) await this.explainEnd();
      throw err;
    }
    if (next.done) {
      if (this.stopped) return [];
      await this.explainEnd();
      throw new Error('the consumer stopped delivering');
    }
    const m = next.value;
    if (!this.peek) this.unacked.set(m.seq, replySubject(m));
    else this.resumeAfter = String(m.seq);
    this.newest = m;
    const position: RowPosition = { partition: this.spec.stream, offset: String(m.seq) };
    const arrivedAt = Date.now();
    return [this.binary ? { bytes: m.data, arrivedAt, topic: m.subject, position } : { text: m.string(), arrivedAt, topic: m.subject, position }];
  }

  override lag(): PartitionLag[] {
    const m = this.newest;
    if (m) this.lagByPartition.set(this.spec.stream, { partition: this.spec.stream, behind: m.info.pending, unit: 'messages' });
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
    for (const p of positions) {
      const seq = Number(p.offset);
      const reply = this.unacked.get(seq);
      if (reply === undefined) continue;
      this.unacked.delete(seq);
      // From a connection since lost, the ack goes nowhere: the message is redelivered and skipped as a duplicate.
      if (this.nc && !this.nc.isClosed()) this.nc.publish(reply, ack);
    }
  }

  protected override interrupt(): void {
    this.messages?.stop();
  }

  protected async close(): Promise<void> {
    const nc = this.nc;
    this.messages?.stop();
    this.messages = null;
    this.iterator = null;
    this.nc = null;
    // Pulled but never stored (a Detect, a stop mid-batch): handed back now rather than after ack_wait.
    if (nc && !nc.isClosed()) for (const reply of this.unacked.values()) nc.publish(reply, nak);
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

export const createNatsSource: SourceFactory<'nats'> = (source, options) =>
  new NatsSource(source, options.binary, options.peek ?? false, options.peek ? options.checkpoints?.find((c) => c.partition === source.stream)?.lastOffset : undefined);
