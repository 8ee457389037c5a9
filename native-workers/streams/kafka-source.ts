import { randomUUID } from 'node:crypto';
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type ConsumeOptions, type Message } from '@platformatic/kafka';
import { parseStartFrom, type KafkaSource as KafkaSpec } from '../../preload/contract/stream-platforms';
import type { RowPosition } from '../project/stream-offsets';
import { errorText, FatalSourceError, PlatformSource } from './platform-source';
import type { SourceFactory, SourceMessage } from './source';

type Msg = Message<Buffer, Buffer, Buffer, Buffer>;
type Options = ConsumeOptions<Buffer, Buffer, Buffer, Buffer>;

const lagEveryMs = 2_000;

/**
 * A member of a Kafka consumer group (@platformatic/kafka: maintained, TypeScript, pure JS, so
 * nothing is downloaded at install; kafkajs looks for maintainers, librdkafka bindings need a
 * binary download). Offsets are committed by hand, only for stored rows: the group resumes at
 * its committed offsets; earliest/latest apply where it has none; an offset or a time seeks
 * every partition there on each start. Position: (partition number, offset).
 */
class KafkaSource extends PlatformSource {
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | null = null;
  private iterator: AsyncIterator<Msg> | null = null;
  private closeStream: (() => Promise<void>) | null = null;
  /** Delivered, not yet committed. */
  private readonly unacked = new Map<string, Msg>();
  private lagAt = 0;

  constructor(
    private readonly spec: KafkaSpec,
    private readonly binary: boolean,
  ) {
    super([spec.password ?? '']);
  }

  protected describe(): string {
    return `Kafka topic ${this.spec.topic} (group ${this.spec.group}) on ${this.spec.brokers.join(',')}`;
  }

  protected async connect(): Promise<void> {
    const spec = this.spec;
    const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
      clientId: 'assay',
      // A replay joins no one's group: one of its own, which never commits (the project's index keeps it exactly once).
      groupId: spec.replay ? `${spec.group}.assay-replay.${randomUUID()}` : spec.group,
      bootstrapBrokers: [...spec.brokers],
      autocommit: false,
      retries: 0, // the shared loop retries, with backoff and gap records
      connectTimeout: 5_000,
      ...(spec.sasl ? { sasl: { mechanism: spec.sasl.mechanism, username: spec.sasl.username, password: spec.password ?? '' } } : {}),
      ...(spec.tls ? { tls: { rejectUnauthorized: spec.rejectUnauthorized ?? true } } : {}),
    });
    this.consumer = consumer;
    try {
      const stream = await consumer.consume(await this.consumeOptions(consumer));
      this.closeStream = () => stream.close().catch(() => undefined);
      this.iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Msg>;
    } catch (err) {
      throw this.classify(err);
    }
  }

  private async consumeOptions(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>): Promise<Options> {
    const topics = [this.spec.topic];
    const start = parseStartFrom(this.spec.from);
    if (start.kind === 'earliest' || start.kind === 'latest') {
      const fallbackMode = start.kind === 'earliest' ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST;
      return { topics, mode: MessagesStreamModes.COMMITTED, fallbackMode };
    }
    const byTopic =
      start.kind === 'time'
        ? await consumer.listOffsets({ topics, timestamp: BigInt(start.ms) })
        : await consumer.listOffsets({ topics }).then((latest) => new Map([...latest].map(([t, parts]) => [t, parts.map(() => BigInt(start.offset))])));
    const offsets = (byTopic.get(this.spec.topic) ?? []).map((offset, partition) => ({ topic: this.spec.topic, partition, offset }));
    if (offsets.length === 0) throw new FatalSourceError(`The Kafka topic "${this.spec.topic}" does not exist on ${this.spec.brokers.join(',')}.`);
    return { topics, mode: MessagesStreamModes.MANUAL, offsets };
  }

  private classify(err: unknown): Error {
    const text = this.redact(errorText(err));
    if (/SASL|authenticat|Authorization/i.test(text)) return new FatalSourceError(`The Kafka brokers refused the login${this.spec.sasl ? ` for user ${this.spec.sasl.username}` : ''}: ${text}`);
    if (/UNKNOWN_TOPIC|unknown topic|does not host this topic/i.test(text)) return new FatalSourceError(`The Kafka topic "${this.spec.topic}" does not exist (deleted?): ${text}`);
    if (/certificate|self[- ]signed|TLS/i.test(text)) return new FatalSourceError(`The brokers' TLS certificate was rejected: ${text}`);
    return err instanceof Error ? err : new Error(text);
  }

  protected async pull(): Promise<SourceMessage[]> {
    const iterator = this.iterator;
    if (!iterator) throw new Error('not connected');
    await this.updateLag();
    let next: IteratorResult<Msg>;
    try {
      next = await iterator.next();
    } catch (err) {
      throw this.classify(err);
    }
    if (next.done) {
      if (this.stopped) return [];
      throw new Error('the consumer stopped delivering');
    }
    const m = next.value;
    const position: RowPosition = { partition: String(m.partition), offset: String(m.offset) };
    this.unacked.set(`${position.partition}:${position.offset}`, m);
    const arrivedAt = Date.now();
    const value = m.value ?? Buffer.alloc(0);
    return [this.binary ? { bytes: value, arrivedAt, topic: m.topic, position } : { text: value.toString('utf8'), arrivedAt, topic: m.topic, position }];
  }

  private async updateLag(): Promise<void> {
    const now = Date.now();
    if (!this.consumer || now - this.lagAt < lagEveryMs) return;
    this.lagAt = now;
    const lag = await this.consumer.getLag({ topics: [this.spec.topic] }).catch(() => null);
    (lag?.get(this.spec.topic) ?? []).forEach((behind, partition) => {
      this.lagByPartition.set(String(partition), { partition: String(partition), behind: Number(behind), unit: 'messages' });
    });
  }

  acknowledge(positions: readonly RowPosition[]): void {
    // Committing a partition's highest stored offset covers every earlier one there.
    const highest = new Map<string, Msg>();
    for (const p of positions) {
      const key = `${p.partition}:${p.offset}`;
      const m = this.unacked.get(key);
      if (!m) continue;
      this.unacked.delete(key);
      const h = highest.get(p.partition);
      if (!h || m.offset > h.offset) highest.set(p.partition, m);
    }
    if (this.spec.replay) return;
    // A lost commit means a redelivery after restart, skipped as a duplicate.
    for (const m of highest.values()) void Promise.resolve(m.commit()).catch(() => undefined);
  }

  protected override interrupt(): void {
    void this.closeStream?.();
  }

  protected async close(): Promise<void> {
    const consumer = this.consumer;
    const closeStream = this.closeStream;
    this.consumer = null;
    this.closeStream = null;
    this.iterator = null;
    this.unacked.clear();
    await closeStream?.();
    await consumer?.close().catch(() => undefined);
  }
}

export const createKafkaSource: SourceFactory<'kafka'> = (source, options) => new KafkaSource(source, options.binary);
