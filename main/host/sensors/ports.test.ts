import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import type { SerialPortInfo } from '../../../preload/contract/sensors';
import { tempDir } from '../testing';
import { listPorts, PortWatcher, sysfsPorts } from './ports';

describe('listPorts', () => {
  /** A sysfs tty class as the kernel lays it out: a USB adapter, an ACM board, a real and a phantom UART, a console. */
  function fakeSysfs(): string {
    const root = tempDir('assay-sysfs-');
    const usbDevice = path.join(root, 'devices', 'usb1', '1-1');
    const tty = path.join(root, 'class', 'tty');
    const attrs = (dir: string, values: Record<string, string>): void => {
      fs.mkdirSync(dir, { recursive: true });
      for (const [k, v] of Object.entries(values)) fs.writeFileSync(path.join(dir, k), `${v}\n`);
    };
    attrs(usbDevice, { idVendor: '0403', idProduct: '6001', manufacturer: 'FTDI', serial: 'A50285BI' });
    // ttyUSB0's device is a child of the USB interface (two up to the device), ttyACM0's the interface (one up).
    attrs(path.join(usbDevice, '1-1:1.0', 'ttyUSB0'), {});
    attrs(path.join(usbDevice, '1-1:1.1'), {});
    fs.mkdirSync(tty, { recursive: true });
    for (const [name, device, type] of [['ttyUSB0', path.join(usbDevice, '1-1:1.0', 'ttyUSB0'), null], ['ttyACM0', path.join(usbDevice, '1-1:1.1'), null], ['ttyS0', path.join(root, 'devices', 'uart0'), '4'], ['ttyS1', path.join(root, 'devices', 'uart1'), '0'], ['tty1', path.join(root, 'devices', 'vt'), null]] as const) {
      attrs(path.join(tty, name), type ? { type } : {});
      fs.mkdirSync(device, { recursive: true });
      fs.symlinkSync(device, path.join(tty, name, 'device'));
    }
    attrs(path.join(tty, 'ttyUSB9'), {});
    return tty;
  }

  it('reads the ports from sysfs where serialport cannot list them (no udevadm): real UARTs and USB adapters with their ids', async () => {
    const sysfs = fakeSysfs();
    const noUdevadm = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', path: 'udevadm' });
    const ports = await listPorts(() => Promise.reject(noUdevadm), () => sysfsPorts(sysfs));
    expect(ports).toEqual([
      { path: '/dev/ttyACM0', manufacturer: 'FTDI', serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' },
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB0', manufacturer: 'FTDI', serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' },
    ]);
    expect(sysfsPorts(path.join(sysfs, 'missing'))).toEqual([]);
  });

  it("turns any other listing failure into an error that says what to do, and passes serialport's list through", async () => {
    await expect(listPorts(() => Promise.reject(new Error('EACCES')))).rejects.toSatisfy((e: unknown) => e instanceof AssayError && /typed in by its path/.test(e.message));
    expect(await listPorts(async () => [{ path: '/dev/ttyUSB3', manufacturer: undefined, vendorId: '2341' }])).toEqual([{ path: '/dev/ttyUSB3', vendorId: '2341' }]);
  });
});

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
