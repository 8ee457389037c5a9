import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../../preload/contract/errors';
import type { SerialPortInfo } from '../../../preload/contract/sensors';

const pollMs = 2000;
/** Polling stops this long after the last client asked (no one is looking at the port list). */
const interestMs = 60_000;

/** What serialport's list gives, as far as it is used here. */
interface ListedPort {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
}

async function serialportList(): Promise<ListedPort[]> {
  // serialport loads here, on the first listing: the host and every CLI call would pay for it at start.
  return (await import('serialport')).SerialPort.list();
}

/** Kernel names of serial devices, as serialport's Linux lister matches them. */
const serialName = /^(ttyS|ttyUSB|ttyACM|ttyAMA|ttyWCH|ttyXRUSB|ttyMFD|ttyO|rfcomm)\d+$/;

function readAttr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The serial ports the kernel has, read from sysfs: serialport's Linux lister runs `udevadm`, which
 * a container or a minimal install may lack (it failed with "spawn udevadm ENOENT"). A legacy UART
 * slot with no chip behind it (type 0) is left out; a USB adapter's ids are read from its device.
 */
export function sysfsPorts(root = '/sys/class/tty'): ListedPort[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const ports: ListedPort[] = [];
  for (const name of names.filter((n) => serialName.test(n)).sort()) {
    const dir = path.join(root, name);
    let device: string;
    try {
      device = fs.realpathSync(path.join(dir, 'device'));
    } catch {
      continue;
    }
    if (name.startsWith('ttyS') && readAttr(path.join(dir, 'type')) === '0') continue;
    // ttyUSB's device is the USB interface's child, ttyACM's the interface: the USB device is one or two up.
    const usb = [path.dirname(device), path.dirname(path.dirname(device))].find((d) => readAttr(path.join(d, 'idVendor')) !== undefined);
    ports.push({
      path: `/dev/${name}`,
      ...(usb
        ? {
            vendorId: readAttr(path.join(usb, 'idVendor')),
            productId: readAttr(path.join(usb, 'idProduct')),
            manufacturer: readAttr(path.join(usb, 'manufacturer')),
            serialNumber: readAttr(path.join(usb, 'serial')),
          }
        : {}),
    });
  }
  return ports;
}

/** serialport's list, or sysfs's where its lister cannot run (no udevadm). */
export async function listPorts(list: () => Promise<ListedPort[]> = serialportList, sysfs = sysfsPorts): Promise<SerialPortInfo[]> {
  let ports: ListedPort[];
  try {
    ports = await list();
  } catch (err) {
    if (process.platform !== 'linux' || (err as { code?: unknown }).code !== 'ENOENT') {
      throw new AssayError('IO', `Listing the serial ports failed: ${err instanceof Error ? err.message : String(err)}. A port can still be typed in by its path (e.g. /dev/ttyUSB0).`);
    }
    ports = sysfs();
  }
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
