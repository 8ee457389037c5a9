import { describe, expect, it } from 'vitest';
import { compareOffsets, parseStartFrom, sameConsumer } from './stream-platforms';

describe('stream platforms', () => {
  it('reads start positions and refuses others with what to give', () => {
    expect(parseStartFrom(undefined)).toEqual({ kind: 'earliest' });
    expect(parseStartFrom('latest')).toEqual({ kind: 'latest' });
    expect(parseStartFrom('1200')).toEqual({ kind: 'offset', offset: '1200' });
    expect(parseStartFrom('1700000000000-3')).toEqual({ kind: 'offset', offset: '1700000000000-3' });
    expect(parseStartFrom('2026-12-06T10:00:00Z')).toEqual({ kind: 'time', ms: Date.UTC(2026, 11, 6, 10) });
    expect(() => parseStartFrom('yesterday')).toThrow(/earliest, latest, an offset .* or an ISO time/);
    expect(() => parseStartFrom('2026-13-45')).toThrow(/not a start position/);
  });

  it('orders offsets by value: any length of digits, and Redis MS-SEQ ids', () => {
    expect(compareOffsets('9', '10')).toBeLessThan(0);
    expect(compareOffsets('49590338271490256608559692538361571095921575989136588898', '49590338271490256608559692538361571095921575989136588897')).toBeGreaterThan(0);
    expect(compareOffsets('1700000000000-9', '1700000000000-10')).toBeLessThan(0);
    expect(compareOffsets('1700000000001-0', '1700000000000-10')).toBeGreaterThan(0);
    expect(compareOffsets('007', '7')).toBe(0);
    expect(compareOffsets('0', '000')).toBe(0);
    expect(compareOffsets('1700000000000-0', '1700000000000')).toBe(0);
    expect(compareOffsets('10-5', '9-99')).toBeGreaterThan(0);
    expect(compareOffsets('9-100', '9-099')).toBeGreaterThan(0);
    expect(compareOffsets('0', '1')).toBeLessThan(0);
  });

  it('knows the same durable consumer, whatever credentials its URL carried', () => {
    const a = { kind: 'redis', url: 'redis://:pw@127.0.0.1:6379', stream: 's', group: 'g' } as const;
    expect(sameConsumer(a, { ...a, url: 'redis://127.0.0.1:6379' })).toBe(true);
    expect(sameConsumer(a, { ...a, group: 'h' })).toBe(false);
    expect(sameConsumer(a, { ...a, replay: true, from: '0-0' })).toBe(false);
    const k = { kind: 'kafka', brokers: ['b:9092', 'a:9092'], topic: 't', group: 'g' } as const;
    expect(sameConsumer(k, { ...k, brokers: ['a:9092', 'b:9092'] })).toBe(true);
    expect(sameConsumer(k, { kind: 'kinesis', stream: 't' })).toBe(false);
  });
});
