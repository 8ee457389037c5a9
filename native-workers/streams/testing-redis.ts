/** FOR TESTS ONLY: a private redis-server on 127.0.0.1, no persistence (Debian's redis-server). */
import fs from 'node:fs';
import { freePort, runServer, type TestServer } from './testing-process';

export const redisServerPath = '/usr/bin/redis-server';

export function hasRedisServer(): boolean {
  return fs.existsSync(redisServerPath);
}

export interface RedisServer extends TestServer {
  readonly url: string;
}

/** With `password`, clients must AUTH with it. */
export async function startRedis(options: { readonly password?: string } = {}): Promise<RedisServer> {
  if (!hasRedisServer()) throw new Error(`${redisServerPath} is missing (apt-get install redis-server)`);
  const port = await freePort();
  const auth = options.password ? ['--requirepass', options.password] : [];
  const server = await runServer('redis-server', redisServerPath, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], port);
  return { ...server, url: `redis://127.0.0.1:${port}` };
}
