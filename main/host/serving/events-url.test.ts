import { describe, expect, it } from 'vitest';
import { parseEventsUrl } from './events-url';

describe('events URL', () => {
  it('reads each transport into its stream source, the password kept out of what is shown', () => {
    expect(parseEventsUrl('mqtt://app:s3cret@127.0.0.1:1883/shop/events')).toEqual({
      source: { kind: 'mqtt', url: 'mqtt://127.0.0.1:1883', topic: 'shop/events', qos: 1, username: 'app', password: 's3cret' },
      shown: 'mqtt://127.0.0.1:1883/shop/events',
    });
    expect(parseEventsUrl('nats://127.0.0.1:4222/SHOP?durable=recs&subject=shop.events&from=latest').source).toEqual({
      kind: 'nats', url: 'nats://127.0.0.1:4222', stream: 'SHOP', durable: 'recs', subject: 'shop.events', from: 'latest',
    });
    expect(parseEventsUrl('redis://:pw@127.0.0.1:6379/shop-events?group=recs').source).toEqual({
      kind: 'redis', url: 'redis://127.0.0.1:6379', stream: 'shop-events', group: 'recs', consumer: 'assay-recs', password: 'pw',
    });
    expect(parseEventsUrl('kafka://b1:9092,b2:9092/clicks?group=recs&from=2026-01-01T00:00:00Z').source).toEqual({
      kind: 'kafka', brokers: ['b1:9092', 'b2:9092'], topic: 'clicks', group: 'recs', from: '2026-01-01T00:00:00Z',
    });
    expect(parseEventsUrl('kinesis://clicks?endpoint=http://127.0.0.1:4567&region=eu-west-1').source).toEqual({
      kind: 'kinesis', stream: 'clicks', endpoint: 'http://127.0.0.1:4567', region: 'eu-west-1',
    });
    expect(JSON.stringify(parseEventsUrl('redis://:pw@127.0.0.1:6379/k?group=g').shown)).not.toContain('pw');
  });

  it('refuses what names no place to read, saying which part is missing and the forms it takes', () => {
    expect(() => parseEventsUrl('not a url')).toThrow(/not a URL .*use mqtt:\/\/HOST/);
    expect(() => parseEventsUrl('https://example.org/events')).toThrow(/https is not an events source/);
    expect(() => parseEventsUrl('mqtt://127.0.0.1')).toThrow(/no topic/);
    expect(() => parseEventsUrl('nats://127.0.0.1/SHOP')).toThrow(/"durable" is missing/);
    expect(() => parseEventsUrl('redis://127.0.0.1/key')).toThrow(/"group" is missing/);
    expect(() => parseEventsUrl('kafka://127.0.0.1:9092/?group=g')).toThrow(/no topic/);
    expect(() => parseEventsUrl('redis://:pw@127.0.0.1/k')).not.toThrow(/pw/);
  });
});
