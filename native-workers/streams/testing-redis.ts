/** FOR TESTS ONLY: a private redis-server on 127.0.0.1 (Debian's redis-server), persistent only when asked. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, runServer, type TestServer } from './testing-process';

export const redisServerPath = '/usr/bin/redis-server';

export function hasRedisServer(): boolean {
  return fs.existsSync(redisServerPath);
}

export interface RedisServer extends TestServer {
  readonly url: string;
}

/**
 * Whether the server answers a PING with anything but LOADING (its append-only file read back: see
 * runServer). With a password it answers NOAUTH even while loading: no test asks for both.
 */
function notLoading(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
    socket.once('data', (reply) => (socket.destroy(), resolve(!reply.toString('latin1').startsWith('-LOADING'))));
    socket.once('error', () => (socket.destroy(), resolve(false)));
  });
}

/** With `password`, clients must AUTH with it; `persistent` keeps an append-only file, so the data outlives a restart. */
export async function startRedis(options: { readonly password?: string; readonly persistent?: boolean } = {}): Promise<RedisServer> {
  if (!hasRedisServer()) throw new Error(`${redisServerPath} is missing (apt-get install redis-server)`);
  const port = await freePort();
  const auth = options.password ? ['--requirepass', options.password] : [];
  const dir = options.persistent ? fs.mkdtempSync(path.join(os.tmpdir(), 'assay-redis-')) : null;
  const persistence = dir ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const server = await runServer(
    'redis-server',
    redisServerPath,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, ...auth],
    port,
    () => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    () => notLoading(port),
  );
  return { ...server, url: `redis://127.0.0.1:${port}` };
}
