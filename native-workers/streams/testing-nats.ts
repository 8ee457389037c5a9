/** FOR TESTS ONLY: a private nats-server with JetStream on 127.0.0.1 (Debian's nats-server). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runServer, type TestServer } from './testing-process';

export const natsServerPath = '/usr/sbin/nats-server';

export function hasNatsServer(): boolean {
  return fs.existsSync(natsServerPath);
}

export interface NatsServer extends TestServer {
  readonly url: string;
}

/** With `user`, clients must log in as that user. */
export async function startNats(options: { readonly user?: { readonly name: string; readonly password: string } } = {}): Promise<NatsServer> {
  if (!hasNatsServer()) throw new Error(`${natsServerPath} is missing (apt-get install nats-server)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-nats-'));
  const port = await freePort();
  const auth = options.user ? ['--user', options.user.name, '--pass', options.user.password] : [];
  const server = await runServer('nats-server', natsServerPath, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir, ...auth], port, () => fs.rmSync(dir, { recursive: true, force: true }));
  return { ...server, url: `nats://127.0.0.1:${port}` };
}
