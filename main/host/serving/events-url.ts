/**
 * Where a served recommender's events come from besides POST /events (#17.6), as one URL, so the
 * CLI flag, the Serve panel and the contract keep a single string field:
 *   mqtt(s)://[USER:PASS@]HOST[:PORT]/TOPIC
 *   nats://[USER:PASS@]HOST[:PORT]/STREAM?durable=D[&subject=S]
 *   redis://[USER:PASS@]HOST[:PORT]/KEY?group=G[&consumer=C]
 *   kafka://HOST:PORT[,HOST:PORT…]/TOPIC?group=G
 *   kinesis://STREAM[?endpoint=http://HOST:PORT&region=R]
 * Platforms also take &from=earliest|latest|OFFSET|ISO for a new group or durable.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { StreamSource } from '../../../preload/contract/sensors';
import { displayUrl } from '../../../native-workers/host-api';

const forms = 'mqtt://HOST[:PORT]/TOPIC, nats://HOST[:PORT]/STREAM?durable=NAME, redis://HOST[:PORT]/KEY?group=NAME, kafka://HOST:PORT/TOPIC?group=NAME or kinesis://STREAM';

export interface EventsSource {
  readonly source: StreamSource;
  /** For status and messages: no password. */
  readonly shown: string;
}

function refuse(text: string, why: string): never {
  throw new AssayError('BAD_INPUT', `${why} (events URL ${displayUrl(text)}; use ${forms}).`);
}

function required(u: URL, text: string, name: string): string {
  const value = u.searchParams.get(name);
  if (!value) refuse(text, `"${name}" is missing`);
  return value;
}

export function parseEventsUrl(text: string): EventsSource {
  // Several Kafka brokers (b1:9092,b2:9092) are no URL host: they are read apart and a stand-in parsed.
  const kafka = /^kafka:\/\/([^/?#]+)(.*)$/.exec(text);
  let u: URL;
  try {
    u = new URL(kafka ? `kafka://brokers${kafka[2]}` : text);
  } catch {
    return refuse(text, 'not a URL');
  }
  const path = decodeURIComponent(u.pathname.replace(/^\/+/, ''));
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const login = { ...(username ? { username } : {}), ...(password ? { password } : {}) };
  const server = `${u.protocol}//${u.host}`;
  // Platforms: where a new group or durable starts (the sources' default: earliest, so nothing published is missed).
  const fromParam = u.searchParams.get('from');
  const from = fromParam ? { from: fromParam } : {};
  switch (u.protocol) {
    case 'mqtt:':
    case 'mqtts:':
      if (!path) refuse(text, 'no topic');
      return { source: { kind: 'mqtt', url: server, topic: path, qos: 1, ...login }, shown: `${server}/${path}` };
    case 'nats:': {
      if (!path) refuse(text, 'no JetStream stream');
      const subject = u.searchParams.get('subject');
      const durable = required(u, text, 'durable');
      return { source: { kind: 'nats', url: server, stream: path, durable, ...(subject ? { subject } : {}), ...from, ...login }, shown: `${server}/${path} (durable ${durable})` };
    }
    case 'redis:':
    case 'rediss:': {
      if (!path) refuse(text, 'no stream key');
      const group = required(u, text, 'group');
      const consumer = u.searchParams.get('consumer') ?? 'assay-recs';
      return { source: { kind: 'redis', url: server, stream: path, group, consumer, ...from, ...login }, shown: `${server}/${path} (group ${group})` };
    }
    case 'kafka:': {
      if (!path) refuse(text, 'no topic');
      const group = required(u, text, 'group');
      const brokers = kafka![1];
      return { source: { kind: 'kafka', brokers: brokers.split(','), topic: path, group, ...from }, shown: `kafka://${brokers}/${path} (group ${group})` };
    }
    case 'kinesis:': {
      const stream = decodeURIComponent(u.hostname);
      if (!stream) refuse(text, 'no stream name');
      const endpoint = u.searchParams.get('endpoint');
      const region = u.searchParams.get('region');
      return { source: { kind: 'kinesis', stream, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), ...from }, shown: `kinesis://${stream}` };
    }
    default:
      return refuse(text, `${u.protocol.replace(/:$/, '')} is not an events source`);
  }
}
