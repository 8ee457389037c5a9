import { describe, expect, it } from 'vitest';
import { FrameBuilder, maxFramePoints } from './stream-frames';

describe('FrameBuilder', () => {
  it('files each reading’s slots under the field at the same place, flags as anomalies', () => {
    const frames = new FrameBuilder(7, ['temp', 'temp.mean']);
    frames.add(1000, [20, null], []);
    frames.add(1010, [21, 20.5], [{ field: 'temp', reason: 'above 20.8' }]);
    expect(frames.take()).toEqual({
      streamId: 7,
      t: [1000, 1010],
      series: { temp: [20, 21], 'temp.mean': [null, 20.5] },
      anomalies: [{ t: 1010, field: 'temp', reason: 'above 20.8' }],
      newestArrival: 1010,
    });
    expect(frames.take()).toBeNull();
  });

  it('a new field list starts empty series; a long frame is decimated with its peaks kept', () => {
    const frames = new FrameBuilder(1, ['a']);
    frames.setFields(['b', 'c']);
    const n = maxFramePoints * 4;
    for (let i = 0; i < n; i++) frames.add(i, [i === 1234 ? 1e6 : i % 10, -i], []);
    const frame = frames.take();
    expect(Object.keys(frame?.series ?? {})).toEqual(['b', 'c']);
    expect(frame?.t.length).toBeLessThanOrEqual(2 * maxFramePoints);
    expect(frame?.series['b']).toContain(1e6);
    expect(frame?.t).toContain(1234);
  });
});
