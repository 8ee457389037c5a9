/**
 * A local JSON API for tests and the UI check: paginates three ways (page,
 * cursor, Link header), rate-limits (429 with Retry-After in seconds or as an
 * HTTP date), fails on purpose (500, dropped connections, an outage until
 * recover()), loops, answers HTML, and checks bearer / OAuth2 credentials.
 * Every request is logged with its time, for the tests to check behaviour.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiRecord {
  readonly id: number;
  readonly name: string;
  readonly score: number;
  readonly tags: { readonly color: string; readonly size: number };
}

export interface TestApi {
  readonly url: string;
  readonly log: { path: string; status: number; at: number; auth: string | null; apiKey?: string | null }[];
  /** Where /hop redirects (another server's origin), with the request's query echoed. */
  redirectTo: string | null;
  /** /outage fails (503) from this page on, until recover(). */
  failFromPage: number | null;
  recover(): void;
  /** Invalidates the current OAuth2 token: the next data request gets 401. */
  revokeToken(): void;
  tokensIssued: number;
  close(): Promise<void>;
}

export const apiBearer = 'tok-bearer-6b1f';
export const apiClientSecret = 'client-secret-9c3e';
/** The key /echo wants in its `access_code` query parameter (a name the URL redaction does not know), and echoes into its Link header. */
export const apiEchoKey = 'echo-key-7f41d2';

export function apiRecords(n: number): ApiRecord[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `r${i + 1}`, score: (i * 7) % 100, tags: { color: ['red', 'green', 'blue'][i % 3], size: i % 5 } }));
}

export async function startTestApi(total = 230, pageSize = 50): Promise<TestApi> {
  const data = apiRecords(total);
  const counts = new Map<string, number>();
  let token = '';
  const api: TestApi = {
    url: '',
    log: [],
    failFromPage: null,
    redirectTo: null,
    recover: () => {
      api.failFromPage = null;
    },
    revokeToken: () => {
      token = 'revoked';
    },
    tokensIssued: 0,
    close: () => new Promise((r) => server.close(() => r())),
  };
  const slice = (page: number): ApiRecord[] => data.slice((page - 1) * pageSize, page * pageSize);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const n = (counts.get(u.pathname) ?? 0) + 1;
    counts.set(u.pathname, n);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const apiKey = req.headers['x-api-key'];
      api.log.push({ path: `${u.pathname}${u.search}`, status, at: Date.now(), auth: req.headers.authorization ?? null, apiKey: typeof apiKey === 'string' ? apiKey : null });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const page = Number(u.searchParams.get('page') ?? '1');
    switch (u.pathname) {
      case '/page':
        return send(200, { data: slice(page) });
      case '/offset': {
        const skip = Number(u.searchParams.get('skip') ?? '0');
        return send(200, { data: data.slice(skip, skip + pageSize) });
      }
      case '/cursor': {
        const c = Number(u.searchParams.get('cursor') ?? '1');
        return send(200, { items: slice(c), meta: { next: c * pageSize < total ? String(c + 1) : null } });
      }
      case '/link': {
        const p = Number(u.searchParams.get('p') ?? '1');
        const next = p * pageSize < total ? `<${api.url}/link?p=${p + 1}>; rel="next", <${api.url}/link?p=1>; rel="first"` : `<${api.url}/link?p=1>; rel="first"`;
        return send(200, slice(p), { link: next });
      }
      case '/echo': {
        // An API that puts the caller's key into its next link, as some do; fails from failFromPage on, like /outage.
        if (u.searchParams.get('access_code') !== apiEchoKey) return send(401, { error: 'bad key' });
        const p = Number(u.searchParams.get('p') ?? '1');
        if (api.failFromPage !== null && p >= api.failFromPage) return send(503, { error: 'down' });
        const link = p * pageSize < total ? `<${api.url}/echo?p=${p + 1}&access_code=${apiEchoKey}>; rel="next"` : '';
        return send(200, slice(p), link ? { link } : {});
      }
      case '/hop':
        return send(302, { moved: true }, { location: `${api.redirectTo ?? api.url}/page${u.search}` });
      case '/loop':
        return send(200, { items: slice(1).slice(0, 2), next: 'same' });
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' });
        api.log.push({ path: u.pathname, status: 200, at: Date.now(), auth: null });
        return res.end('<!doctype html><html><body>Please log in</body></html>');
      case '/rate':
        // Every second request is refused once: Retry-After alternates between seconds and an HTTP date.
        if (n % 2 === 1) return send(429, { error: 'slow down' }, { 'retry-after': n % 4 === 1 ? '1' : new Date(Date.now() + 2000).toUTCString() });
        return send(200, { data: slice(page) });
      case '/flaky':
        if (n % 3 === 1) return send(500, { error: 'boom' });
        if (n % 3 === 2) {
          api.log.push({ path: `${u.pathname}${u.search}`, status: 0, at: Date.now(), auth: null });
          return req.socket.destroy();
        }
        return send(200, { data: slice(page) });
      case '/outage':
        if (api.failFromPage !== null && page >= api.failFromPage) return send(503, { error: 'down' });
        return send(200, { data: slice(page) });
      case '/bearer':
        if (req.headers.authorization !== `Bearer ${apiBearer}`) return send(401, { error: 'bad token' });
        return send(200, { data: slice(page) });
      case '/oauth/token': {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const f = new URLSearchParams(body);
          if (f.get('grant_type') !== 'client_credentials' || f.get('client_id') !== 'assay' || f.get('client_secret') !== apiClientSecret) return send(401, { error: 'invalid_client' });
          api.tokensIssued++;
          token = `tok-${api.tokensIssued}`;
          send(200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
        });
        return;
      }
      case '/oauth/data':
        if (req.headers.authorization !== `Bearer ${token}` || token === 'revoked') return send(401, { error: 'expired' });
        // The token is revoked after page 2: the client must fetch a new one and carry on.
        if (page === 2 && api.tokensIssued === 1) token = 'revoked';
        return send(200, { data: slice(page) });
      default:
        return send(404, { error: 'no such path' });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  (api as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
