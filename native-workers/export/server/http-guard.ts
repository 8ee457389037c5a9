/**
 * The checks every prediction server of Assay makes — the app's model server
 * (main/host/serving/model-server.ts, through host-api.ts) and an exported
 * bundle's server.ts — before it reads a body. Without them any web page the
 * user visits could call a server on 127.0.0.1: a `no-cors` POST with a
 * text/plain body needs no preflight, and DNS rebinding lets a page read the
 * answers. So: the Host header must name the server (rebinding sends the
 * attacker's name), a browser Origin must be one the user allowed (none by
 * default), a POST must say it is JSON (which a page cannot send cross-origin
 * without a preflight), a body is capped in bytes and in time (slowloris), and
 * so are connections.
 */
import type http from 'node:http';

export interface GuardOptions {
  /** Host headers accepted (`127.0.0.1:8080`); null accepts any (a deployment behind its own domain name). */
  readonly allowedHosts: ReadonlySet<string> | null;
  /** Browser origins allowed to call (`https://app.example`), answered with CORS headers; others get 403. */
  readonly allowedOrigins: readonly string[];
}

/** A refusal before any work: its status and a message that says what to do. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
}

/** Why a body was refused, as a metrics label. */
export type BodyRefusalReason = 'bad_type' | 'too_large' | 'too_slow';

/** Limits of the node:http server itself, against clients that hold connections open. */
export interface ServerLimits {
  /** Open connections; more are closed at once. Default 128. */
  readonly maxConnections?: number;
  /** Time to receive the headers. Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** Time to receive the whole request. Default 30 s. */
  readonly requestTimeoutMs?: number;
}

export const defaultMaxConnections = 128;
export const defaultMaxBodyBytes = 1024 * 1024;
export const defaultBodyTimeoutMs = 10_000;

/** The Host headers a server bound to 127.0.0.1 answers to. */
export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** An allowed origin as the browser sends it (`scheme://host[:port]`), or an error that says what to write instead. */
export function checkOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new RangeError(`"${origin}" is not an origin: write it as the browser sends it, e.g. https://app.example or http://localhost:3000.`);
  }
  if (url.origin !== origin) throw new RangeError(`"${origin}" is not an origin: write ${url.origin === 'null' ? 'scheme://host[:port]' : url.origin}, without a path or a trailing slash.`);
  return origin;
}

/** For http.createServer: Node checks the header and request timeouts every second instead of every 30 s, so they hold. */
export const guardedServerOptions: http.ServerOptions = { connectionsCheckingInterval: 1000 };

export function applyServerLimits(server: http.Server, limits: ServerLimits = {}): void {
  server.maxConnections = limits.maxConnections ?? defaultMaxConnections;
  server.headersTimeout = limits.headersTimeoutMs ?? 10_000;
  server.requestTimeout = limits.requestTimeoutMs ?? 30_000;
}

/** Why a request must not be served at all (wrong Host, a foreign browser origin), or null. */
export function refuseRequest(req: http.IncomingMessage, opts: GuardOptions): Refusal | null {
  const host = req.headers.host ?? '';
  if (opts.allowedHosts && !opts.allowedHosts.has(host)) {
    return { status: 421, error: `This server does not answer to Host "${host}": call it by ${[...opts.allowedHosts].join(' or ')}.` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !opts.allowedOrigins.includes(origin)) {
    return { status: 403, error: `Requests from the web page at ${origin} are refused: allow that origin when starting the server (none is allowed by default).` };
  }
  return null;
}

/** CORS headers for an allowed browser origin (none for other callers). */
export function corsHeaders(req: http.IncomingMessage, opts: GuardOptions): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || !opts.allowedOrigins.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** The answer to a CORS preflight from an allowed origin (refuseRequest has already turned away the others). */
export function preflightHeaders(req: http.IncomingMessage, opts: GuardOptions): Record<string, string> {
  return { ...corsHeaders(req, opts), 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' };
}

/** The media type of a request, lower case, without parameters ('' when absent). */
export function mediaType(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** 415 unless the body is JSON (or, where `alsoImages`, an image). */
export function refuseContentType(req: http.IncomingMessage, alsoImages = false): Refusal | null {
  const type = mediaType(req);
  if (type === 'application/json' || (alsoImages && type.startsWith('image/'))) return null;
  const wanted = alsoImages ? 'Content-Type: application/json (or image/* with the raw bytes)' : 'Content-Type: application/json';
  return { status: 415, error: `The body is sent as ${type === '' ? 'no Content-Type' : `"${type}"`}; send it with ${wanted}.` };
}

/** A body that could not be read: too large (413) or too slow (408). The connection is closed after the answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 408 | 413,
    message: string,
  ) {
    super(message);
  }
}

export interface BodyLimits {
  readonly maxBytes: number;
  /** From the first byte of the request to the last of its body. */
  readonly timeoutMs: number;
}

/**
 * The whole body, or a BodyError: above `maxBytes` (declared or counted; nothing
 * more is kept) or not complete within `timeoutMs`. Node's own requestTimeout is
 * checked only every 30 s, so a slow body is cut here, on time.
 */
export function readBody(req: http.IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const tooLarge = (): BodyError => new BodyError(413, `The body is larger than ${limits.maxBytes} bytes; send smaller batches (or raise the server's body limit).`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limits.maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      chunks.length = 0;
      reject(err);
    };
    const timer = setTimeout(() => fail(new BodyError(408, `The body did not arrive within ${limits.timeoutMs} ms; send it at once.`)), limits.timeoutMs);
    req.on('data', (c: Buffer) => {
      if (settled) return;
      size += c.length;
      if (size > limits.maxBytes) fail(tooLarge());
      else chunks.push(c);
    });
    req.on('error', fail);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks, size));
    });
  });
}

/**
 * Answers a BodyError and closes the connection: a slow client is dropped at once,
 * and the rest of an oversized body is discarded rather than read into memory.
 */
export function closeAfter(req: http.IncomingMessage, res: http.ServerResponse, err: BodyError): void {
  if (err.status === 408) res.once('finish', () => req.socket.destroy());
  req.resume();
}

/**
 * The first steps of every request, in the one order every server keeps: Host
 * and Origin (a refusal is written by `refuse`, in the server's own JSON, and the
 * connection closed), CORS headers for an allowed origin, and the preflight
 * (answered here). True when the request goes on to routing.
 */
export function admit(req: http.IncomingMessage, res: http.ServerResponse, guard: GuardOptions, refuse: (r: Refusal) => void): boolean {
  const refused = refuseRequest(req, guard);
  if (refused) {
    req.resume();
    res.setHeader('connection', 'close');
    refuse(refused);
    return false;
  }
  for (const [k, v] of Object.entries(corsHeaders(req, guard))) res.setHeader(k, v);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, preflightHeaders(req, guard));
    res.end();
    return false;
  }
  return true;
}

/**
 * A POST's body under the limits: its content type (415), size (413) and time
 * (408). Resolves to the body, or to the refusal to answer: the rest of a refused
 * body is discarded, and after a 413 or 408 the connection closes once answered.
 */
export async function admitBody(req: http.IncomingMessage, res: http.ServerResponse, limits: BodyLimits & { readonly alsoImages?: boolean }): Promise<Buffer | (Refusal & { readonly reason: BodyRefusalReason })> {
  const badType = refuseContentType(req, limits.alsoImages);
  if (badType) {
    req.resume();
    return { ...badType, reason: 'bad_type' };
  }
  try {
    return await readBody(req, limits);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    res.setHeader('connection', 'close');
    closeAfter(req, res, err);
    return { status: err.status, error: err.message, reason: err.status === 413 ? 'too_large' : 'too_slow' };
  }
}
