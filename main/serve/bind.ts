import net from 'node:net';
import os from 'node:os';

/** Addresses only this machine reaches: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(address: string): boolean {
  if (address === 'localhost' || address === '::1') return true;
  return net.isIPv4(address) && address.startsWith('127.');
}

function hostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The `host:port` names a browser may use for the server (its Host header and
 * Origin are checked against them, against DNS rebinding), the one to print first.
 * A wildcard bind (0.0.0.0, ::) is reached through any of the machine's addresses.
 */
export function namesFor(bind: string, port: number): string[] {
  if (isLoopback(bind)) return [hostPort(bind === 'localhost' ? '127.0.0.1' : bind, port), hostPort('localhost', port)];
  if (bind !== '0.0.0.0' && bind !== '::') return [hostPort(bind, port)];
  const addresses = Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => !a.address.startsWith('fe80:'))
    // Reachable from outside first: that is the address worth printing.
    .sort((a, b) => Number(a.internal) - Number(b.internal) || Number(a.family !== 'IPv4') - Number(b.family !== 'IPv4'))
    .map((a) => a.address);
  return [...new Set([...addresses, os.hostname(), 'localhost'])].map((h) => hostPort(h, port));
}
