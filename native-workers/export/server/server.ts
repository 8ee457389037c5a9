/**
 * The exported bundle's HTTP server: plain Node, no Assay install. esbuild
 * bundles this file with the predictor and the learners (and tfjs, for the MLP)
 * into one `server.js` (build.mjs → dist/export/bundle-server.js).
 *
 * Same API as Assay's local serving:
 *   POST /predict  {"rows":[{…},…]} or one row {…} → {model, version, predictions,
 *                  warnings?, ignoredColumns?}; a bad row is a 400 whose details
 *                  name its row and column (ml/tabular/predict-request.ts: the
 *                  same checks and answers as the app's server)
 *   GET  /health   {"status":"ok","model":…,"version":…}
 *   GET  /metrics  Prometheus text
 * Reads model.json + preprocess.json from its own folder (or $MODEL_DIR).
 * Binds $HOST (default 0.0.0.0: it is a deployment artifact meant to run in a
 * container) on $PORT (default 8080).
 * Requests pass the same checks as the app's model server (http-guard.ts, admit): a
 * POST must be application/json (415), at most $MAX_BODY_BYTES (1 MiB; 413),
 * sent within 10 s (408); a browser Origin must be in $ALLOWED_ORIGINS
 * (comma-separated, none by default; 403); bound to a loopback address the Host
 * must name it (DNS rebinding; 421), elsewhere only if $ALLOWED_HOSTS lists
 * names; at most $MAX_CONNECTIONS (128) connections.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { checkPredictRequest, defaultMaxRows, predictAnswer, refusalBody } from '../../ml/tabular/predict-request';
import { loadPredictor, type ModelDocument, type Predictor } from '../../ml/tabular/predictor';
import type { PipelineJSON } from '../../ml/tabular/preprocess/pipeline-json';
import { admit, admitBody, applyServerLimits, checkOrigin, defaultBodyTimeoutMs, defaultMaxBodyBytes, guardedServerOptions, loopbackHosts, type GuardOptions, type ServerLimits } from './http-guard';

/** model.json: the model document without its preprocessing (that is preprocess.json). */
export type BundleModelFile = Omit<ModelDocument, 'pipeline'> & { readonly name: string; readonly version: number };

export interface BundleServerOptions extends ServerLimits {
  /** Host headers accepted; by default the loopback names when bound to 127.0.0.1 / ::1, any otherwise. */
  readonly allowedHosts?: ReadonlySet<string> | null;
  readonly allowedOrigins?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly bodyTimeoutMs?: number;
}

interface Counters {
  requests: Map<string, number>;
  rows: number;
  seconds: number;
  predicts: number;
}

export function loadBundle(dir: string): { predictor: Predictor; meta: BundleModelFile } {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as BundleModelFile;
  const pipeline = JSON.parse(fs.readFileSync(path.join(dir, 'preprocess.json'), 'utf8')) as PipelineJSON;
  const doc: ModelDocument = { format: meta.format, task: meta.task, target: meta.target, classes: meta.classes, threshold: meta.threshold, model: meta.model, pipeline };
  return { predictor: loadPredictor(doc), meta };
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function metricsText(c: Counters, meta: BundleModelFile, started: number): string {
  const lines = [
    '# HELP assay_requests_total HTTP requests by path and status.',
    '# TYPE assay_requests_total counter',
    ...[...c.requests].map(([k, v]) => {
      const [p, s] = k.split(' ');
      return `assay_requests_total{path="${p}",status="${s}"} ${v}`;
    }),
    '# HELP assay_predicted_rows_total Rows predicted.',
    '# TYPE assay_predicted_rows_total counter',
    `assay_predicted_rows_total ${c.rows}`,
    '# HELP assay_predict_seconds Time spent in /predict.',
    '# TYPE assay_predict_seconds summary',
    `assay_predict_seconds_sum ${c.seconds}`,
    `assay_predict_seconds_count ${c.predicts}`,
    '# HELP assay_model_info The model this server serves.',
    '# TYPE assay_model_info gauge',
    `assay_model_info{name="${meta.name}",version="${meta.version}",task="${meta.task}"} 1`,
    '# HELP assay_uptime_seconds Seconds since start.',
    '# TYPE assay_uptime_seconds gauge',
    `assay_uptime_seconds ${(Date.now() - started) / 1000}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The Host names a server answers to: given, else the loopback names where it is bound to loopback, else any. */
function hostsOf(server: http.Server, given: ReadonlySet<string> | null | undefined): ReadonlySet<string> | null {
  if (given !== undefined) return given;
  const a = server.address() as AddressInfo | null;
  return a && (a.address === '127.0.0.1' || a.address === '::1') ? new Set([...loopbackHosts(a.port), `[::1]:${a.port}`]) : null;
}

export function createBundleServer(dir: string, opts: BundleServerOptions = {}): http.Server {
  const { predictor, meta } = loadBundle(dir);
  let guard: GuardOptions | null = null;
  const started = Date.now();
  const c: Counters = { requests: new Map(), rows: 0, seconds: 0, predicts: 0 };
  const count = (p: string, status: number): void => {
    const k = `${p} ${status}`;
    c.requests.set(k, (c.requests.get(k) ?? 0) + 1);
  };
  const server = http.createServer(guardedServerOptions, (req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    const reply = (status: number, body: unknown, type?: string): void => {
      count(url === '/predict' || url === '/health' || url === '/metrics' ? url : 'other', status);
      send(res, status, body, type);
    };
    // Known once the server listens, i.e. by the first request.
    guard ??= { allowedHosts: hostsOf(server, opts.allowedHosts), allowedOrigins: opts.allowedOrigins ?? [] };
    if (!admit(req, res, guard, (r) => reply(r.status, refusalBody(r.error)))) return;
    if (req.method === 'GET' && url === '/health') {
      reply(200, { status: 'ok', model: meta.name, version: meta.version, task: meta.task, inputs: predictor.inputColumns });
      return;
    }
    if (req.method === 'GET' && url === '/metrics') {
      reply(200, metricsText(c, meta, started), 'text/plain; version=0.0.4');
      return;
    }
    if (url !== '/predict') {
      reply(404, { error: 'not found: use POST /predict, GET /health or GET /metrics' });
      return;
    }
    if (req.method !== 'POST') {
      reply(405, { error: 'use POST /predict' });
      return;
    }
    void answer(req, res, reply);
  });
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, reply: (status: number, body: unknown) => void): Promise<void> => {
    let raw: Awaited<ReturnType<typeof admitBody>>;
    try {
      raw = await admitBody(req, res, { maxBytes: opts.maxBodyBytes ?? defaultMaxBodyBytes, timeoutMs: opts.bodyTimeoutMs ?? defaultBodyTimeoutMs });
    } catch (err) {
      reply(400, refusalBody(`The body could not be read: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    if (!Buffer.isBuffer(raw)) {
      reply(raw.status, refusalBody(raw.error));
      return;
    }
    const checked = checkPredictRequest(raw.toString('utf8'), predictor, defaultMaxRows);
    if (!checked.ok) {
      reply(checked.status, refusalBody(checked.error, checked.details));
      return;
    }
    const t0 = process.hrtime.bigint();
    try {
      const predictions = predictor.predictRecords(checked.rows);
      c.rows += checked.rows.length;
      c.predicts += 1;
      c.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      reply(200, predictAnswer(meta.name, meta.version, predictions, checked));
    } catch (err) {
      reply(500, refusalBody(`The model failed on this request: ${err instanceof Error ? err.message : String(err)}`));
    }
  };
  applyServerLimits(server, opts);
  return server;
}

/** A comma-separated list from the environment (empty entries dropped). */
function listEnv(name: string): string[] | undefined {
  const v = process.env[name];
  return v === undefined ? undefined : v.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

/** A positive whole number from the environment, or a startup error that names the variable. */
function countEnv(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a whole number above 0, not "${v}".`);
  return n;
}

/** The server's options from $ALLOWED_ORIGINS, $ALLOWED_HOSTS, $MAX_BODY_BYTES and $MAX_CONNECTIONS. */
export function optionsFromEnv(): BundleServerOptions {
  const origins = listEnv('ALLOWED_ORIGINS');
  const hosts = listEnv('ALLOWED_HOSTS');
  const maxBodyBytes = countEnv('MAX_BODY_BYTES');
  const maxConnections = countEnv('MAX_CONNECTIONS');
  return {
    ...(origins ? { allowedOrigins: origins.map(checkOrigin) } : {}),
    ...(hosts ? { allowedHosts: new Set(hosts) } : {}),
    ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
    ...(maxConnections !== undefined ? { maxConnections } : {}),
  };
}

/** Run as the bundle's entry (node server.js), not when imported by tests. */
export function startFromEnv(dir: string): void {
  const port = Number(process.env['PORT'] ?? 8080);
  const host = process.env['HOST'] ?? '0.0.0.0';
  const server = createBundleServer(process.env['MODEL_DIR'] ?? dir, optionsFromEnv());
  server.listen(port, host, () => {
    const a = server.address();
    const actual = typeof a === 'object' && a ? a.port : port;
    process.stdout.write(`${JSON.stringify({ listening: `http://${host}:${actual}` })}\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
