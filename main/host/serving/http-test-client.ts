/**
 * Test helpers for the HTTP servers (prediction servers, `assay serve`): real
 * HTTP requests with any headers, and raw sockets for what a well-behaved client
 * never does (a foreign Host, a malformed request line, a body that trickles in,
 * connections held open).
 */
import http from 'node:http';
import net from 'node:net';

export interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON, or its text where it is not JSON (Prometheus metrics, plain errors). */
  readonly json: unknown;
  readonly text: string;
}

/**
 * One request, on a fresh connection unless an `agent` (keep-alive, for load) is given; `body` is
 * sent as is, with its length unless the headers say `transfer-encoding`.
 */
export function request(
  url: string,
  method: string,
  headers: Readonly<Record<string, string>> = {},
  body?: string | Buffer,
  agent: http.Agent | false = false,
): Promise<Answer> {
  const length = body === undefined || 'transfer-encoding' in headers ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', reject);
    req.end(body);
  });
}

export interface RawAnswer {
  /** Everything the server sent before closing (or before `waitMs`). */
  readonly text: string;
  /** Whether the server closed the connection within `waitMs`. */
  readonly closed: boolean;
  readonly ms: number;
}

/** Opens a socket, writes `text`, and reads until the server closes it or `waitMs` passes. */
export function rawRequest(port: number, text: string, waitMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: got, closed, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (c: Buffer) => (got += c.toString('utf8')));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/** A connected socket held open (for the connection cap), and whether the server has closed it. */
export function holdConnection(port: number): Promise<{ socket: net.Socket; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = net.connect(port, '127.0.0.1', () => resolve({ socket, closed: () => closed }));
    socket.on('close', () => (closed = true));
    socket.on('error', () => (closed = true));
    socket.once('error', reject);
  });
}
