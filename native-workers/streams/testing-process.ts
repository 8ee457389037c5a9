/**
 * FOR TESTS ONLY: runs a server binary on 127.0.0.1 for the stream-source tests (Mosquitto, NATS,
 * Redis, kinesalite), waits until its port accepts, and stops, restarts or kill -9s it. Never used by the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** Every server this process started, so a crashed test run leaves none behind. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A port the OS says is free now: bind to 0, read it, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
  });
}

export interface TestServer {
  readonly port: number;
  stop(): Promise<void>;
  /** Stops and starts again on the same port, keeping its data folder (a broker restart). */
  restart(): Promise<void>;
}

/**
 * `ready`: asked once the port accepts, until it says yes (a server that accepts before it serves:
 * redis-server answers LOADING while it reads its append-only file back after a restart).
 */
export async function runServer(
  name: string,
  command: string,
  args: readonly string[],
  port: number,
  onStop: () => void = () => undefined,
  ready: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<TestServer> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    let output = '';
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    running.add(proc);
    proc.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    proc.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    proc.once('exit', () => running.delete(proc));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`${name} exited ${proc.exitCode}: ${output.trim()}`);
      if ((await accepts(port)) && (await ready())) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    proc.kill('SIGKILL');
    throw new Error(`${name} did not listen on ${port} within 15 s: ${output.trim()}`);
  };
  const halt = (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await launch();
  return {
    port,
    stop: async () => {
      await halt();
      onStop();
    },
    restart: async () => {
      await halt();
      await launch();
    },
  };
}
