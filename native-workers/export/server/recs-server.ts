/**
 * The bundle's server for a recommender (#17): the same /recommend and /events as the app's model
 * server (ml/recs/serving: the same checks, fold-in and answers), the same request guards, and
 * an NDJSON log of recommendations served and events received (for retraining), its own file
 * per start in the log folder (the prediction log's line types are the tabular monitor's).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { artifactFromParts, arrayFromBytes, type StoredArray } from '../../ml/recs/serialize';
import { LiveRecommender, RecsEndpoints } from '../../ml/recs/serving';
import type { RecsBundleModelFile } from '../recs-bundle';
import { admit, admitBody, applyServerLimits, defaultBodyTimeoutMs, defaultMaxBodyBytes, guardedServerOptions, type GuardOptions } from './http-guard';
import type { BundleServerOptions } from './server';

export function isRecsBundle(dir: string): boolean {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { kind?: string }).kind === 'recs';
}

export function loadRecsBundle(dir: string): { meta: RecsBundleModelFile; live: LiveRecommender } {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as RecsBundleModelFile;
  const arrays = new Map<string, StoredArray>();
  for (const a of meta.arrays) arrays.set(a.name, arrayFromBytes(a.dtype, fs.readFileSync(path.join(dir, a.file))));
  const artifact = artifactFromParts(JSON.parse(fs.readFileSync(path.join(dir, 'recs-meta.json'), 'utf8')) as unknown, arrays);
  return { meta, live: new LiveRecommender(artifact) };
}

/**
 * Appends JSON lines to recs-<time>-<pid>.ndjson, buffered and written every 200 ms (a request never waits on
 * the disk) and synchronously at close, so the server's close leaves every line on disk (as NdjsonLog does). A
 * folder it cannot write is said once on stderr and logging stops; the server carries on.
 */
function recsLog(dir: string): { write: (line: Readonly<Record<string, unknown>>) => void; close: () => void } {
  let fd: number | null = null;
  let pending: string[] = [];
  const off = (err: unknown): void => {
    process.stderr.write(`recommendation log off: cannot write to ${dir} (${err instanceof Error ? err.message : String(err)}); set PREDICTION_LOG_DIR to a writable folder.\n`);
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(path.join(dir, `recs-${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}-${process.pid}.ndjson`), 'a');
  } catch (err) {
    off(err);
  }
  const flush = (): void => {
    if (fd === null || pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    try {
      fs.writeSync(fd, text);
    } catch (err) {
      off(err);
    }
  };
  const timer = setInterval(flush, 200);
  timer.unref();
  return {
    write: (line) => void (fd !== null && pending.push(`${JSON.stringify(line)}\n`)),
    close: () => {
      clearInterval(timer);
      flush();
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function createRecsBundleServer(dir: string, opts: BundleServerOptions, hostsOf: (server: http.Server) => ReadonlySet<string> | null): http.Server {
  const { meta, live } = loadRecsBundle(dir);
  const endpoints = new RecsEndpoints({ model: meta.name, version: meta.version, live }, null, 0, { newId: randomUUID });
  const log = opts.log === null ? null : recsLog(opts.log?.dir ?? path.join(dir, 'logs'));
  const started = Date.now();
  const requests = new Map<string, number>();
  let guard: GuardOptions | null = null;
  const server = http.createServer(guardedServerOptions, (req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    const reply = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}, type?: string): void => {
      const k = `${['/recommend', '/events', '/feedback', '/health', '/metrics'].includes(url) ? url : 'other'} ${status}`;
      requests.set(k, (requests.get(k) ?? 0) + 1);
      send(res, status, body, headers, type);
    };
    guard ??= { allowedHosts: hostsOf(server), allowedOrigins: opts.allowedOrigins ?? [] };
    if (!admit(req, res, guard, (r) => reply(r.status, { error: r.error, details: [] }))) return;
    if (req.method === 'GET' && url === '/health') return reply(200, { status: 'ok', model: meta.name, version: meta.version, kind: 'recs', algorithm: meta.algorithm, users: live.users, items: live.items, ab: endpoints.stats() });
    if (req.method === 'GET' && url === '/metrics') {
      const lines = ['# TYPE assay_requests_total counter', ...[...requests].map(([k, v]) => `assay_requests_total{path="${k.split(' ')[0]}",status="${k.split(' ')[1]}"} ${v}`), `assay_uptime_seconds ${(Date.now() - started) / 1000}`];
      return reply(200, `${lines.join('\n')}\n`, {}, 'text/plain; version=0.0.4');
    }
    if (url !== '/recommend' && url !== '/events' && url !== '/feedback') return reply(404, { error: 'not found: use POST /recommend, POST /events, POST /feedback, GET /health or GET /metrics' });
    if (req.method !== 'POST') return reply(405, { error: `use POST ${url}` });
    void (async () => {
      const raw = await admitBody(req, res, { maxBytes: opts.maxBodyBytes ?? defaultMaxBodyBytes, timeoutMs: opts.bodyTimeoutMs ?? defaultBodyTimeoutMs });
      if (!Buffer.isBuffer(raw)) return reply(raw.status, { error: raw.error, details: [] });
      const time = new Date().toISOString();
      if (url === '/recommend') {
        const out = endpoints.recommend(raw.toString('utf8'));
        reply(out.status, out.body, typeof out.body['id'] === 'string' ? { 'x-request-id': out.body['id'] } : {});
        if (out.status === 200) log?.write({ type: 'recommendation', id: out.body['id'], time, model: meta.name, version: meta.version, user: out.body['user'], items: (out.body['items'] as { item: string }[]).map((x) => x.item) });
        return;
      }
      if (url === '/feedback') {
        const out = endpoints.feedback(raw.toString('utf8'));
        reply(out.status, out.body);
        if (out.status === 200) log?.write({ type: 'feedback', time, model: meta.name, version: meta.version, ...out.body });
        return;
      }
      const out = endpoints.events(raw.toString('utf8'));
      reply(out.status, out.status === 200 ? { ...out.body, stored: log ? out.stored.length : 0 } : out.body);
      for (const e of out.stored) log?.write({ type: 'event', time, model: meta.name, version: meta.version, user: e.user, item: e.item, weight: e.weight ?? 1, knownItem: e.knownItem, ...(e.recommendationId ? { recommendationId: e.recommendationId } : {}) });
    })().catch((err: unknown) => reply(500, { error: `The recommender failed on this request: ${err instanceof Error ? err.message : String(err)}`, details: [] }));
  });
  applyServerLimits(server, opts);
  server.on('close', () => log?.close());
  return server;
}
