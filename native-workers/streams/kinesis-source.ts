import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, type GetShardIteratorCommandInput, type Shard } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { parseStartFrom, type KinesisSource as KinesisSpec } from '../../preload/contract/stream-platforms';
import type { Checkpoint, RowPosition } from '../project/stream-offsets';
import { errorText, FatalSourceError, PlatformSource } from './platform-source';
import type { SourceFactory, SourceMessage } from './source';

const recordsPerCall = 1000;
/** AWS allows 5 GetRecords per second per shard: an idle round waits this long. */
const idleMs = 200;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorName(err: unknown): string {
  return typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
}

/**
 * Every shard of a Kinesis stream, read with shard iterators (from a sequence number: only the
 * shard it belongs to). Kinesis keeps no consumer position,
 * so the checkpoint is the project's own: the last sequence number stored per shard, written in
 * the same transaction as the rows (exactly once without any acknowledgement). A shard with a
 * checkpoint resumes after it; one without starts at --from. Position: (shard id, sequence number).
 * Credentials come from the environment (AWS_ACCESS_KEY_ID …), never from the project.
 */
class KinesisSource extends PlatformSource {
  private client: KinesisClient | null = null;
  private iterators = new Map<string, string>();
  /** The last sequence number handed on per shard: a reconnect resumes after it. */
  private readonly delivered = new Map<string, string>();
  private turn = 0;

  constructor(
    private readonly spec: KinesisSpec,
    private readonly binary: boolean,
    checkpoints: readonly Checkpoint[],
  ) {
    super([]);
    for (const c of checkpoints) this.delivered.set(c.partition, c.lastOffset);
  }

  protected describe(): string {
    return `Kinesis stream ${this.spec.stream}${this.spec.endpoint ? ` at ${this.spec.endpoint}` : ''}`;
  }

  protected async connect(): Promise<void> {
    const spec = this.spec;
    const client = new KinesisClient({
      region: spec.region ?? process.env['AWS_REGION'] ?? 'us-east-1',
      // HTTP/1.1: look-alikes such as kinesalite refuse the SDK's default HTTP/2.
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
      maxAttempts: 1, // the shared loop retries, with backoff and gap records
      ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    });
    this.client = client;
    const shards: Shard[] = [];
    try {
      let next: string | undefined;
      do {
        const page = await client.send(new ListShardsCommand(next ? { NextToken: next } : { StreamName: spec.stream }));
        shards.push(...(page.Shards ?? []));
        next = page.NextToken;
      } while (next);
    } catch (err) {
      throw this.classify(err);
    }
    if (shards.length === 0) throw new FatalSourceError(`The Kinesis stream "${spec.stream}" has no shards.`);
    this.iterators = new Map();
    const refused: string[] = [];
    for (const shard of shards) {
      const id = shard.ShardId ?? '';
      const input = this.iteratorInput(id);
      const it = await client.send(new GetShardIteratorCommand(input)).catch((err: unknown) => {
        // A sequence number encodes its shard: the other shards refuse it, and are not read.
        if (input.ShardIteratorType === 'AT_SEQUENCE_NUMBER' && errorName(err) === 'InvalidArgumentException') {
          refused.push(id);
          return null;
        }
        throw this.classify(err);
      });
      if (it?.ShardIterator) this.iterators.set(id, it.ShardIterator);
    }
    if (refused.length === shards.length) {
      throw new FatalSourceError(`No shard of the Kinesis stream "${spec.stream}" holds sequence number ${spec.from ?? ''}: give one this stream returned (assay record --json prints them under offsets), or a time.`);
    }
  }

  private iteratorInput(shardId: string): GetShardIteratorCommandInput {
    const base = { StreamName: this.spec.stream, ShardId: shardId };
    const after = this.delivered.get(shardId);
    if (after !== undefined) return { ...base, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after };
    const start = parseStartFrom(this.spec.from);
    switch (start.kind) {
      case 'earliest':
        return { ...base, ShardIteratorType: 'TRIM_HORIZON' };
      case 'latest':
        return { ...base, ShardIteratorType: 'LATEST' };
      case 'offset':
        return { ...base, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: start.offset };
      case 'time':
        return { ...base, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(start.ms) };
    }
  }

  private classify(err: unknown): Error {
    const name = errorName(err);
    const text = errorText(err);
    if (name === 'ResourceNotFoundException') return new FatalSourceError(`The Kinesis stream "${this.spec.stream}" does not exist${this.spec.endpoint ? ` at ${this.spec.endpoint}` : ''} (deleted, or another region?): ${text}`);
    if (/UnrecognizedClient|InvalidSignature|AccessDenied|CredentialsProvider|Could not load credentials|ExpiredToken/i.test(`${name} ${text}`)) {
      return new FatalSourceError(`Kinesis refused the credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE): ${text}`);
    }
    return err instanceof Error ? err : new Error(text);
  }

  protected async pull(): Promise<SourceMessage[]> {
    const client = this.client;
    if (!client) throw new Error('not connected');
    const shards = [...this.iterators.keys()];
    if (shards.length === 0) {
      await sleep(idleMs); // every shard closed (resharded away): nothing more here
      return [];
    }
    // One shard per call, in turn; a round of empty answers waits, as AWS's read limit asks.
    const shard = shards[this.turn++ % shards.length];
    let out;
    try {
      out = await client.send(new GetRecordsCommand({ ShardIterator: this.iterators.get(shard), Limit: recordsPerCall }));
    } catch (err) {
      if (errorName(err) === 'ProvisionedThroughputExceededException') {
        await sleep(1_000);
        return [];
      }
      throw this.classify(err);
    }
    if (out.NextShardIterator) this.iterators.set(shard, out.NextShardIterator);
    else this.iterators.delete(shard);
    this.lagByPartition.set(shard, { partition: shard, behind: out.MillisBehindLatest ?? 0, unit: 'ms' });
    const records = out.Records ?? [];
    if (records.length === 0 && this.turn % shards.length === 0) await sleep(idleMs);
    const arrivedAt = Date.now();
    return records.map((r) => {
      const offset = r.SequenceNumber ?? '';
      this.delivered.set(shard, offset);
      const position: RowPosition = { partition: shard, offset };
      const data = r.Data ?? new Uint8Array(0);
      return this.binary ? { bytes: data, arrivedAt, position } : { text: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'), arrivedAt, position };
    });
  }

  /** The checkpoint is stored with the rows: nothing to tell Kinesis. */
  acknowledge(): void {}

  protected async close(): Promise<void> {
    this.client?.destroy();
    this.client = null;
  }
}

export const createKinesisSource: SourceFactory<'kinesis'> = (source, options) => new KinesisSource(source, options.binary, options.checkpoints ?? []);
