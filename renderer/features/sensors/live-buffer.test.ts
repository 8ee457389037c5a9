import { describe, expect, it } from 'vitest';
import type { LiveFrame } from '../../../preload/contract';
import { mergeFrame, StreamBuffer } from './live-buffer';

const frame = (t: number[], series: Record<string, (number | null)[]>, anomalies: LiveFrame['anomalies'] = []): LiveFrame => ({
  streamId: 1,
  t,
  series,
  anomalies,
  newestArrival: t[t.length - 1] ?? 0,
});

describe('mergeFrame', () => {
  it('appends points, counts them, bumps the version and says when new series appear', () => {
    const b = new StreamBuffer(100);
    expect(mergeFrame(b, frame([1, 2], { temp: [20, 21] }))).toBe(true);
    expect(mergeFrame(b, frame([3], { temp: [22] }))).toBe(false);
    expect(mergeFrame(b, frame([4], { temp: [23], 'temp.mean': [21.5] }))).toBe(true);
    expect(b.received).toBe(4);
    expect(b.version).toBe(3);
    expect(b.ring.window(0, 10).series).toEqual({ temp: [20, 21, 22, 23], 'temp.mean': [null, null, null, 21.5] });
  });

  it('keeps only the last `keep` ms of points and anomalies', () => {
    const b = new StreamBuffer(100);
    mergeFrame(b, frame([0, 500, 1000], { v: [1, 2, 3] }, [{ t: 0, field: 'v', reason: 'z=4.1' }]), 1000);
    mergeFrame(b, frame([1500, 2000], { v: [4, 5] }, [{ t: 2000, field: 'v', reason: 'jump' }]), 1000);
    expect(b.ring.window(0, 1e9).t).toEqual([1000, 1500, 2000]);
    expect(b.anomalies).toEqual([{ t: 2000, field: 'v', reason: 'jump' }]);
  });

  it('takes an empty frame without harm', () => {
    const b = new StreamBuffer(10);
    expect(mergeFrame(b, frame([], {}))).toBe(false);
    expect(b.ring.length).toBe(0);
  });
});
