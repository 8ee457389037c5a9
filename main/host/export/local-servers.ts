/**
 * Real local object stores for tests and the bench: s3rver (S3 API, keys
 * S3RVER/S3RVER) and Azurite (Blob API, the well-known devstoreaccount1 key).
 * Started as `node node_modules/...` so the PID we keep (and kill) is the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The package root: the nearest folder up from here with node_modules/s3rver (works from a bench bundle too). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'node_modules', 's3rver')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const root = packageRoot();

export interface LocalServer {
  readonly port: number;
  /** Environment for the upload code: endpoint and credentials of this server. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export const azuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`server exited with code ${child.exitCode}`));
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() - t0 > timeoutMs) reject(new Error(`nothing listens on ${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
}

export async function startS3rver(dataDir: string, buckets: readonly string[]): Promise<LocalServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const args = [path.join(root, 'node_modules/s3rver/bin/s3rver.js'), '-a', '127.0.0.1', '-p', String(port), '-d', dataDir, '--silent'];
  for (const b of buckets) args.push('--configure-bucket', b);
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  await waitForPort(port, child);
  return {
    port,
    env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` },
    stop: stopper(child),
  };
}

export function azuriteConnectionString(port: number, key = azuriteKey): string {
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
}

export async function startAzurite(dataDir: string): Promise<LocalServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/azurite/dist/src/blob/main.js'), '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', dataDir, '--skipApiVersionCheck', '--disableTelemetry', '--silent'],
    { stdio: 'ignore' },
  );
  await waitForPort(port, child);
  return { port, env: { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(port) }, stop: stopper(child) };
}
