import { describe, expect, it } from 'vitest';
import { mergeFrame, StreamBuffer } from './live-buffer';
import { emptyLive } from './slice';
import { stepBack, stepForward, viewWindow } from './view-window';

function bufferWith(ts: number[]): StreamBuffer {
  const b = new StreamBuffer(1000);
  mergeFrame(b, { streamId: 1, t: ts, series: { v: ts.map((t) => t / 1000) }, anomalies: [], newestArrival: ts[ts.length - 1] ?? 0 });
  return b;
}

describe('viewWindow', () => {
  it('follows the newest point while live', () => {
    const b = bufferWith([0, 10_000, 20_000, 40_000]);
    const w = viewWindow(b, { ...emptyLive, windowMs: 30_000 }, 0);
    expect([w.from, w.to]).toEqual([10_000, 40_000]);
    expect(w.data.t).toEqual([10_000, 20_000, 40_000]);
  });

  it('stays put while paused, however many points keep arriving', () => {
    const b = bufferWith([0, 10_000, 20_000]);
    const paused = { ...emptyLive, windowMs: 30_000, paused: true, pausedAt: 20_000, viewEnd: 20_000 };
    const before = viewWindow(b, paused, 0);
    mergeFrame(b, { streamId: 1, t: [30_000, 40_000], series: { v: [3, 4] }, anomalies: [], newestArrival: 40_000 });
    expect(viewWindow(b, paused, 0)).toEqual(before);
  });

  it('uses fetched history once scrolled back past the pause', () => {
    const b = bufferWith([100_000]);
    const view = { ...emptyLive, windowMs: 30_000, paused: true, pausedAt: 100_000, viewEnd: 40_000 };
    b.history = { streamId: 1, t: [15_000, 39_000], series: { v: [1, 2] }, from: 10_000, to: 40_000, decimated: false };
    const w = viewWindow(b, view, 0);
    expect(w.source).toBe('history');
    expect(w.data).toEqual({ t: [15_000, 39_000], series: { v: [1, 2] } });
    expect(stepBack(view)).toBe(-20_000);
    expect(stepForward(view)).toBe(100_000);
  });
});
