import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { AssayError, toErrorData, type ErrorData } from '../../preload/contract/errors';
import type { Host } from '../host/host';
import { UploadTooLarge } from '../host/ingest/uploads';
import { rendererDir } from '../host/paths';
import { contentSecurityPolicy } from './csp';
import { isLoopback, namesFor } from './bind';
import { refuseRequest, type GuardOptions } from '../../native-workers/host-api';
import { decodeClientMessage, encodeServerMessage } from '../../preload/contract/wire';

export interface ServerOptions {
  readonly host: Host;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly staticDir?: string;
  /** Fixed token (tests, benchmarks); by default a new random one each start. */
  readonly token?: string;
  /**
   * The address to listen on; default 127.0.0.1. Any other needs `allowRemote`
   * and a host whose rules confine paths to folders (`assay serve --root`).
   */
  readonly bind?: string;
  readonly allowRemote?: boolean;
  /** The largest upload accepted (bytes); default 2 GiB. */
  readonly maxUploadBytes?: number;
}

export const defaultMaxUploadBytes = 2 * 1024 * 1024 * 1024;

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

/** Cookies are per host, not per port: each instance names its own, so two servers do not log each other out. */
export function tokenCookieName(port: number): string {
  return `assay_token_${port}`;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage, cookieName: string): string | null {
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
 * 127.0.0.1 unless told otherwise, behind a random per-start token (in the URL
 * once, then in an HttpOnly SameSite=Strict cookie named for the port). Host and
 * Origin headers are checked too, against DNS rebinding and cross-site requests.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const staticDir = path.resolve(opts.staticDir ?? rendererDir());
  const { host } = opts;
  const bind = opts.bind ?? '127.0.0.1';
  const maxUploadBytes = opts.maxUploadBytes ?? defaultMaxUploadBytes;
  if (!isLoopback(bind)) {
    if (!opts.allowRemote) throw new AssayError('FORBIDDEN', `${bind} is reachable from other machines: add --allow-remote to serve there, or leave --host out to stay on 127.0.0.1.`);
    // Whoever reaches the page with the token acts as this user: from another machine, only inside named folders.
    if (!host.sessionRules.roots) throw new AssayError('FORBIDDEN', `Serving on ${bind} needs folders to confine file access to (--root DIR).`);
  }
  let origin = '';
  let cookieName = '';
  // The model server's and the bundle's own check (http-guard.ts): Host one of our names (DNS
  // rebinding), and a browser's Origin our own page's; no Origin is not a browser (curl, tests).
  let guard: GuardOptions = { allowedHosts: new Set(), allowedOrigins: [] };
  /** Why a request is refused before the token is even looked at, in browser mode's words; null when it passes. */
  const refusal = (req: http.IncomingMessage): string | null => {
    const refused = refuseRequest(req, guard);
    if (!refused) return null;
    return refused.status === 421
      ? `Assay: wrong Host header "${req.headers.host ?? ''}": open ${origin} (the URL \`assay serve\` printed).`
      : `Assay: requests from the page at ${req.headers.origin ?? ''} are refused; only Assay's own page (${origin}) may call this server.`;
  };

  const authorised = (req: http.IncomingMessage, url: URL): boolean =>
    sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req, cookieName), token);

  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${message}\n`);
  };
  // Upload answers are JSON error data, which the page revives as an AssayError.
  const answerJson = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...(status === 413 ? { Connection: 'close' } : {}) });
    res.end(JSON.stringify(body));
  };

  const receiveUpload = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): void => {
    const name = url.searchParams.get('name') ?? 'upload.csv';
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxUploadBytes) {
      answerJson(res, 413, new UploadTooLarge(name.slice(0, 255), maxUploadBytes).toData());
      return;
    }
    host.uploads.receive(name, req, maxUploadBytes).then(
      (upload) => answerJson(res, 200, { uploadId: upload.id, fileName: upload.fileName, bytes: upload.bytes }),
      (err: unknown) => {
        // Only our own errors go out: a raw one could carry the private folder's path.
        const data = err instanceof AssayError ? err.toData() : ({ code: 'INTERNAL', message: 'The upload failed; nothing was kept. Try again.' } satisfies ErrorData);
        answerJson(res, err instanceof UploadTooLarge ? 413 : err instanceof AssayError ? 400 : 500, data);
      },
    );
  };

  /** A grid export written for this browser (DownloadStore): sent once as an attachment, then removed. */
  const sendDownload = (res: http.ServerResponse, id: string): void => {
    const d = host.downloads.ready(id);
    if (!d) {
      refuse(res, 404, 'Assay: no such export, or it was downloaded already. Export the dataset again.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(fs.statSync(d.file).size),
      'Content-Disposition': `attachment; filename="${d.name.replace(/"/g, '')}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    const stream = fs.createReadStream(d.file);
    stream.pipe(res);
    res.once('close', () => host.downloads.remove(id));
  };

  const server = http.createServer((req, res) => {
    const url = requestUrl(req.url, origin);
    if (!url) {
      refuse(res, 400, 'Assay: bad request target.');
      return;
    }
    // 403 for a wrong Host too (the guard's 421): what scripts of browser mode have always been told.
    // A page of another site (or another port: same site) reaching here with the cookie is told no by its Origin.
    const refused = refusal(req);
    if (refused !== null) {
      if (url.pathname === '/upload') answerJson(res, 403, { code: 'FORBIDDEN', message: refused } satisfies ErrorData);
      else refuse(res, 403, refused);
      return;
    }
    if (!authorised(req, url)) {
      refuse(res, 401, 'Assay: missing or wrong token. Open the full URL that `assay serve` printed.');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/upload') {
      receiveUpload(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'Assay: method not allowed.');
      return;
    }
    if (url.pathname.startsWith('/download/')) {
      sendDownload(res, url.pathname.slice('/download/'.length));
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
    if (url.pathname !== '/ws' || refusal(req) !== null || !authorised(req, url)) {
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
    server.listen(opts.port ?? 0, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const names = namesFor(bind, port);
  origin = `http://${names[0]}`;
  cookieName = tokenCookieName(port);
  guard = { allowedHosts: new Set(names), allowedOrigins: names.map((n) => `http://${n}`) };

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
