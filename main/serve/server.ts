import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { AssayError, toErrorData } from '../../preload/contract/errors';
import type { Host } from '../host/host';
import { rendererDir } from '../host/paths';
import { contentSecurityPolicy } from './csp';
import { decodeClientMessage, encodeServerMessage } from '../../preload/contract/wire';

export interface ServerOptions {
  readonly host: Host;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly staticDir?: string;
  /** Fixed token (tests, benchmarks); by default a new random one each start. */
  readonly token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const cookieName = 'assay_token';

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookieName) return v.join('=');
  }
  return null;
}

/** The request target as a URL, or null when it is not one (`http://[`, `//`…): answered 400, never thrown. */
function requestUrl(target: string | undefined, origin: string): URL | null {
  try {
    return new URL(target ?? '/', origin);
  } catch {
    return null;
  }
}

/** A path with its %-escapes decoded, or undefined when they are malformed (`/%`). */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

/**
 * Browser mode: serves the renderer and the contract over a WebSocket, on
 * 127.0.0.1 only, behind a random per-start token (in the URL once, then in an
 * HttpOnly SameSite=Strict cookie). Host and Origin headers are checked too,
 * against DNS rebinding and cross-site WebSocket hijacking.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const staticDir = path.resolve(opts.staticDir ?? rendererDir());
  const { host } = opts;
  let origin = '';
  let allowedHosts = new Set<string>();

  const authorised = (req: http.IncomingMessage, url: URL): boolean =>
    sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req), token);

  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${message}\n`);
  };

  const server = http.createServer((req, res) => {
    const url = requestUrl(req.url, origin);
    if (!url) {
      refuse(res, 400, 'Assay: bad request target.');
      return;
    }
    if (!allowedHosts.has(req.headers.host ?? '')) {
      refuse(res, 403, 'Assay: wrong Host header.');
      return;
    }
    if (!authorised(req, url)) {
      refuse(res, 401, 'Assay: missing or wrong token. Open the full URL that `assay serve` printed.');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/upload') {
      const name = url.searchParams.get('name') ?? 'upload.csv';
      host.uploads.receive(name, req).then(
        (upload) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ uploadId: upload.id, fileName: upload.fileName, bytes: upload.bytes }));
        },
        (err: unknown) => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(toErrorData(err)));
        },
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'Assay: method not allowed.');
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodedPath(url.pathname)?.replace(/^\/+/, '');
    const file = rel === undefined ? '' : path.resolve(staticDir, rel);
    if (rel === undefined || !file.startsWith(staticDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      refuse(res, 404, 'Assay: not found.');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': rel === 'index.html' ? 'no-store' : 'max-age=3600',
    };
    if (sameToken(url.searchParams.get('token'), token)) {
      headers['Set-Cookie'] = `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req.url, origin);
    if (!url) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const okOrigin = req.headers.origin === undefined || req.headers.origin === origin || req.headers.origin === origin.replace('127.0.0.1', 'localhost');
    if (url.pathname !== '/ws' || !allowedHosts.has(req.headers.host ?? '') || !okOrigin || !authorised(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    const unsubscribe = host.push.subscribe((channel, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeServerMessage({ push: channel, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data) => {
      const msg = decodeClientMessage(String(data));
      if (!msg) {
        ws.send(encodeServerMessage({ id: -1, ok: false, error: new AssayError('BAD_INPUT', 'Malformed message.').toData() }));
        return;
      }
      host.dispatch(msg.channel, msg.payload).then(
        (result) => ws.send(encodeServerMessage({ id: msg.id, ok: true, result })),
        (err: unknown) => ws.send(encodeServerMessage({ id: msg.id, ok: false, error: toErrorData(err) })),
      );
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
