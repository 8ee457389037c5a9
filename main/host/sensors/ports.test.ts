import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SerialPortInfo } from '../../../preload/contract/sensors';
import { PortWatcher } from './ports';

/** socat's ports are not listed by SerialPort.list(), so plugging is imitated with a scripted lister. */
describe('PortWatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pushes the list when a device is plugged in or out, and only then', async () => {
    vi.useFakeTimers();
    let present: SerialPortInfo[] = [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }];
    const pushed: SerialPortInfo[][] = [];
    const watcher = new PortWatcher((ports) => pushed.push(ports), async () => present);
    expect(await watcher.ports()).toEqual(present);
    await vi.advanceTimersByTimeAsync(2100);
    expect(pushed).toEqual([]);
    present = [...present, { path: '/dev/ttyACM0', manufacturer: 'Arduino' }];
    await vi.advanceTimersByTimeAsync(2100);
    expect(pushed.at(-1)?.map((p) => p.path)).toEqual(['/dev/ttyUSB0', '/dev/ttyACM0']);
    present = [present[1]];
    await vi.advanceTimersByTimeAsync(2100);
    expect(pushed.at(-1)?.map((p) => p.path)).toEqual(['/dev/ttyACM0']);
    expect(pushed).toHaveLength(2);
    watcher.close();
  });

  it('stops polling a minute after the last client asked, and survives a failed listing', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let fail = false;
    const watcher = new PortWatcher(
      () => undefined,
      async () => {
        calls++;
        if (fail) throw new Error('udev hiccup');
        return [];
      },
    );
    await watcher.ports();
    fail = true;
    await vi.advanceTimersByTimeAsync(4100);
    fail = false;
    const during = calls;
    expect(during).toBeGreaterThan(2);
    await vi.advanceTimersByTimeAsync(70_000);
    const after = calls;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(after);
    watcher.close();
  });
});
