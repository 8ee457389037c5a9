/** FOR TESTS ONLY: kinesalite (an npm Kinesis implementation, in memory) on 127.0.0.1. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, runServer, type TestServer } from './testing-process';

export interface Kinesalite extends TestServer {
  readonly endpoint: string;
}

export async function startKinesalite(): Promise<Kinesalite> {
  const cli = path.join(path.dirname(createRequire(__filename).resolve('kinesalite/package.json')), 'cli.js');
  const port = await freePort();
  // Streams become ACTIVE at once (the default waits 500 ms per state change).
  const server = await runServer('kinesalite', process.execPath, [cli, '--port', String(port), '--createStreamMs', '0', '--deleteStreamMs', '0'], port);
  return { ...server, endpoint: `http://127.0.0.1:${port}` };
}
