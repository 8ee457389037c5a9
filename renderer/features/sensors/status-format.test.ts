import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../../preload/contract';
import { counters, describeSource, formatDuration, formatHz, formatMs, recordingDuration, stateTone } from './status-format';

const status: StreamStatus = {
  streamId: 1,
  state: 'live',
  readings: 12345,
  malformed: 0,
  invalid: 2,
  dropped: 0,
  gaps: 0,
  reconnects: 1,
  rateHz: 199.6,
  jitterMs: 0.42,
  lastError: null,
  recordingId: null,
};

describe('status formatting', () => {
  it('formats rates, jitter and durations', () => {
    expect(formatHz(199.6)).toBe('200 Hz');
    expect(formatHz(12.34)).toBe('12.3 Hz');
    expect(formatHz(1500)).toBe('1.5 kHz');
    expect(formatHz(0)).toBe('0 Hz');
    expect(formatMs(0.42)).toBe('0.4 ms');
    expect(formatMs(null)).toBe('—');
    expect(formatDuration(4_400)).toBe('4 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(recordingDuration({ id: 1, streamId: 1, label: 'idle', startedAt: '2026-01-01T00:00:00Z', stoppedAt: null, readings: 0 }, Date.parse('2026-01-01T00:00:10Z'))).toBe('10 s');
  });

  it('puts dropped and malformed in warning colours only when above 0', () => {
    const quiet = Object.fromEntries(counters(status).map((c) => [c.key, c.tone]));
    expect(quiet['dropped']).toBe('muted');
    expect(quiet['malformed']).toBe('muted');
    const bad = Object.fromEntries(counters({ ...status, dropped: 3, malformed: 7 }).map((c) => [c.key, c]));
    expect(bad['dropped']?.tone).toBe('danger');
    expect(bad['malformed']?.tone).toBe('warn');
    expect(bad['readings']?.value).toBe('12,345');
  });

  it('maps every state to a tone and describes sources', () => {
    expect(stateTone('live')).toBe('ok');
    expect(stateTone('reconnecting')).toBe('warn');
    expect(stateTone('failed')).toBe('danger');
    expect(describeSource({ kind: 'replay', path: '/data/s.csv', rateHz: 200 })).toBe('Replay s.csv @ 200 Hz');
    expect(describeSource({ kind: 'serial', path: '/dev/ttyUSB0' })).toBe('Serial /dev/ttyUSB0 @ 115,200 baud');
    expect(describeSource({ kind: 'nats', url: 'nats://h:4222', stream: 'LAB', durable: 'ui', from: '351', replay: true })).toBe('NATS nats://h:4222 · LAB · durable ui · replay from 351');
  });
});

describe('platform counters', () => {
  it('adds duplicates and lag per partition only for streaming platforms', () => {
    expect(counters(status).map((c) => c.key)).not.toContain('lag');
    const platform = counters({ ...status, duplicatesSkipped: 3, lag: [{ partition: 'p0', behind: 1200, unit: 'messages' }, { partition: 'shard-1', behind: 250, unit: 'ms' }] });
    expect(platform.find((c) => c.key === 'duplicatesSkipped')).toMatchObject({ value: '3', tone: 'info' });
    expect(platform.find((c) => c.key === 'lag')).toMatchObject({ value: 'p0: 1,200 · shard-1: 250 ms', tone: 'info' });
  });
});
