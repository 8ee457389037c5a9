import type { SerialPortInfo } from '../../../preload/contract/sensors';

const pollMs = 2000;
/** Polling stops this long after the last client asked (no one is looking at the port list). */
const interestMs = 60_000;

export async function listPorts(): Promise<SerialPortInfo[]> {
  // serialport loads here, on the first listing: the host and every CLI call would pay for it at start.
  const ports = await (await import('serialport')).SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
  }));
}

/**
 * The serial port list, refreshed every 2 s while any client asked for it in
 * the last minute, so plugging a device in shows up without a click; changes
 * are pushed. (udev events would be nicer but are not available everywhere.)
 */
export class PortWatcher {
  private timer: NodeJS.Timeout | null = null;
  private lastAsked = 0;
  private last = '';
  private readonly onChange: (ports: SerialPortInfo[]) => void;
  private readonly list: () => Promise<SerialPortInfo[]>;

  constructor(onChange: (ports: SerialPortInfo[]) => void, list: () => Promise<SerialPortInfo[]> = listPorts) {
    this.onChange = onChange;
    this.list = list;
  }

  async ports(): Promise<SerialPortInfo[]> {
    this.lastAsked = Date.now();
    const ports = await this.list();
    this.last = JSON.stringify(ports);
    this.timer ??= setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
    return ports;
  }

  private async poll(): Promise<void> {
    if (Date.now() - this.lastAsked > interestMs) {
      this.close();
      return;
    }
    try {
      const ports = await this.list();
      const key = JSON.stringify(ports);
      if (key !== this.last) {
        this.last = key;
        this.onChange(ports);
      }
    } catch {
      // A failed listing is retried at the next tick; the last good list stays shown.
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
