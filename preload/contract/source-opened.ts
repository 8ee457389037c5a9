import type { StreamSource } from './sensors';
import { isPlatformSource, platformLabel } from './stream-platforms';

/** The serial baud rate when a source names none (the stream worker and Detect use it too). */
export const defaultBaudRate = 115200;

/** mqtt://host:port with the port spelled out and any credentials in the URL left out. */
function brokerAddress(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'mqtts:' ? '8883' : '1883');
    return `${u.protocol}//${u.hostname}:${port}`;
  } catch {
    return url;
  }
}

/** A platform's server address with any credentials in the URL left out. */
function serverAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return url;
  }
}

/**
 * The line `assay record` prints on stderr once its source is open, so a script
 * knows it can start sending: before it, a serial port may not exist yet and an
 * MQTT message would reach no subscriber.
 */
export function sourceOpenedLine(source: StreamSource): string {
  if (isPlatformSource(source) && source.replay) return `replaying ${platformLabel(source)} from ${source.from ?? 'earliest'} outside any group or durable`;
  switch (source.kind) {
    case 'serial':
      return `listening on ${source.path} at ${source.baudRate ?? defaultBaudRate} baud`;
    case 'mqtt':
      return `subscribed to ${source.topic} on ${brokerAddress(source.url)}`;
    case 'replay':
      return `replaying ${source.path}`;
    case 'kafka':
      return `consuming ${source.topic} as group ${source.group} from ${source.brokers.join(',')}`;
    case 'nats':
      return `consuming ${source.stream} as durable ${source.durable} on ${serverAddress(source.url)}`;
    case 'redis':
      return `reading ${source.stream} as group ${source.group} on ${serverAddress(source.url)}`;
    case 'kinesis':
      return `reading Kinesis stream ${source.stream}${source.endpoint ? ` at ${serverAddress(source.endpoint)}` : ''}`;
  }
}
