import { describe, expect, it } from 'vitest';
import { buildSource, emptyDraft, suggestName, validTopicFilter } from './source-form';

describe('buildSource', () => {
  it('builds a serial source with a custom baud rate and framing', () => {
    const r = buildSource({ ...emptyDraft, serialPath: ' /dev/ttyACM0 ', baud: 'custom', customBaud: '250000', parity: 'even', stopBits: '2', dataBits: '7' }, '');
    expect(r).toEqual({ ok: true, source: { kind: 'serial', path: '/dev/ttyACM0', baudRate: 250000, dataBits: 7, parity: 'even', stopBits: 2 } });
    expect(buildSource({ ...emptyDraft, serialPath: 'x', baud: 'custom', customBaud: 'fast' }, '').ok).toBe(false);
    expect(buildSource(emptyDraft, '').ok).toBe(false);
  });

  it('puts the password into the MQTT source only, and TLS checks only for mqtts', () => {
    const d = { ...emptyDraft, kind: 'mqtt' as const, mqttUrl: 'mqtts://broker:8883', topic: 'lab/+/temp', username: 'ana', qos: '1' as const };
    expect(buildSource(d, 's3cret')).toEqual({
      ok: true,
      source: { kind: 'mqtt', url: 'mqtts://broker:8883', topic: 'lab/+/temp', qos: 1, username: 'ana', password: 's3cret', rejectUnauthorized: true },
    });
    expect(buildSource({ ...d, mqttUrl: 'http://x' }, '').ok).toBe(false);
    expect(buildSource({ ...d, topic: 'lab/#/x' }, '').ok).toBe(false);
  });

  it('builds a replay source; rate 0 means as fast as possible', () => {
    expect(buildSource({ ...emptyDraft, kind: 'replay', replayPath: '/d/s.csv', rateHz: '0', loop: true }, '')).toEqual({
      ok: true,
      source: { kind: 'replay', path: '/d/s.csv', rateHz: 0, loop: true },
    });
    expect(buildSource({ ...emptyDraft, kind: 'replay', replayPath: '/d/s.csv', rateHz: '-3' }, '').ok).toBe(false);
  });
});

describe('topic filters and names', () => {
  it('accepts MQTT wildcards only where they are valid', () => {
    expect(validTopicFilter('a/+/c')).toBe(true);
    expect(validTopicFilter('a/#')).toBe(true);
    expect(validTopicFilter('#')).toBe(true);
    expect(validTopicFilter('a/b#')).toBe(false);
    expect(validTopicFilter('a/#/c')).toBe(false);
    expect(validTopicFilter('a/x+/c')).toBe(false);
  });
  it('suggests a name from the source', () => {
    expect(suggestName({ ...emptyDraft, kind: 'replay', replayPath: '/w/sensor_single_hop.csv' })).toBe('sensor_single_hop');
    expect(suggestName({ ...emptyDraft, kind: 'mqtt', topic: 'lab/+/temp' })).toBe('lab-temp');
  });
});

describe('buildSource for streaming platforms', () => {
  it('builds each platform from the shared fields, with the password only in the request', () => {
    const d = { ...emptyDraft, platformStream: 'SENSORS', platformGroup: 'assay', from: 'latest' };
    expect(buildSource({ ...d, kind: 'nats', platformAddress: 'nats://127.0.0.1:4222', subject: 'lab.>', username: 'app' }, 'pw')).toEqual({
      ok: true,
      source: { kind: 'nats', url: 'nats://127.0.0.1:4222', stream: 'SENSORS', durable: 'assay', from: 'latest', subject: 'lab.>', username: 'app', password: 'pw' },
    });
    expect(buildSource({ ...d, kind: 'kafka', platformAddress: 'a:9092, b:9092' }, '')).toEqual({ ok: true, source: { kind: 'kafka', brokers: ['a:9092', 'b:9092'], topic: 'SENSORS', group: 'assay', from: 'latest' } });
    expect(buildSource({ ...d, kind: 'kinesis' }, '')).toEqual({ ok: true, source: { kind: 'kinesis', stream: 'SENSORS', from: 'latest' } });
    expect(buildSource({ ...d, kind: 'redis', platformAddress: 'redis://h:6379', from: '1700000000000-0', replay: true }, '')).toEqual({
      ok: true,
      source: { kind: 'redis', url: 'redis://h:6379', stream: 'SENSORS', group: 'assay', from: '1700000000000-0', replay: true },
    });
    expect(suggestName({ ...d, kind: 'redis' })).toBe('SENSORS');
    expect(suggestName({ ...d, kind: 'redis', replay: true, from: '1700000000000-0' })).toBe('SENSORS replay from 1700000000000-0');
  });

  it('says what is missing or wrong', () => {
    const d = { ...emptyDraft, platformStream: 's', platformGroup: 'g' };
    expect(buildSource({ ...d, kind: 'redis', platformAddress: 'localhost:6379' }, '')).toEqual({ ok: false, error: 'The server URL looks like redis://host:6379.' });
    expect(buildSource({ ...d, kind: 'kafka', platformAddress: 'nats://x:1' }, '')).toEqual({ ok: false, error: 'Brokers look like host:9092, comma-separated.' });
    expect(buildSource({ ...d, kind: 'nats', platformAddress: 'nats://x:1', platformGroup: ' ' }, '')).toEqual({ ok: false, error: 'Type the stream and the durable consumer name.' });
    const bad = buildSource({ ...d, kind: 'kinesis', from: 'yesterday' }, '');
    expect(bad.ok ? '' : bad.error).toMatch(/not a start position/);
  });
});
