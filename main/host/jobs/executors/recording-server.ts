/**
 * Test support: an HTTP server on 127.0.0.1 that records every request (method, path with query, headers,
 * JSON body) and answers with what `answer` returns, so an engine's official client can be driven for
 * real and its requests checked where no live engine (Kubernetes, AWS Batch) is at hand.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

export interface RecordingServer {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

export async function recordingServer(answer: (req: Recorded) => { status: number; body: unknown }): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // kept as text
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const out = answer(recorded);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
