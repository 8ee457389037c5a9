import type { StreamSource } from '../../preload/contract/sensors';
import { createMqttSource } from './mqtt-source';
import { createReplaySource } from './replay-source';
import { createSerialSource } from './serial-source';
import type { SourceAdapter, SourceOptions } from './source';

/**
 * The transport of a stream; `binary` asks for raw frames (slip-f32, Avro) instead of text messages.
 * Platform clients are loaded only when used: together they take seconds to load on a busy machine.
 */
export async function openSource(source: StreamSource, options: SourceOptions): Promise<SourceAdapter> {
  switch (source.kind) {
    case 'serial':
      return createSerialSource(source, options);
    case 'replay':
      return createReplaySource(source, options);
    case 'mqtt':
      return createMqttSource(source, options);
    case 'nats':
      return (await import('./nats-source')).createNatsSource(source, options);
    case 'redis':
      return (await import('./redis-source')).createRedisSource(source, options);
    case 'kinesis':
      return (await import('./kinesis-source')).createKinesisSource(source, options);
    case 'kafka':
      return (await import('./kafka-source')).createKafkaSource(source, options);
  }
}

/** What to check when a source stays silent, worded for its kind. */
export function silenceHint(kind: StreamSource['kind']): string {
  switch (kind) {
    case 'serial':
      return 'is the device sending, and the baud rate right?';
    case 'mqtt':
      return 'is anything publishing on that topic?';
    case 'replay':
      return 'is the file empty?';
    default:
      return 'is anything publishing there, and does the start position (--from) lie before it?';
  }
}
