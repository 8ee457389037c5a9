/**
 * The exported bundle's HTTP server: plain Node, no Assay install. esbuild
 * bundles this file with the predictor and the learners (and tfjs, for the MLP)
 * into one `server.js` (build.mjs → dist/export/bundle-server.js).
 *
 * Same API as Assay's local serving:
 *   POST /predict  {"rows":[{…},…]} or one row {…} → {id, ids?, model, version, predictions,
 *                  warnings?, ignoredColumns?}; a bad row is a 400 whose details
 *                  name its row and column (ml/tabular/predict-request.ts: the
 *                  same checks and answers as the app's server); `id` is also the
 *                  X-Request-Id header
 *   POST /feedback {id, label} | {feedback: [{id, label}, …]} → {stored, duplicate, unknown}:
 *                  labels for ids this process answered (the last $FEEDBACK_IDS,
 *                  default 200,000), written to the log as feedback lines
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
 * Every prediction, refused request and feedback label is written to an NDJSON
 * log in $PREDICTION_LOG_DIR (default ./logs beside server.js; PREDICTION_LOG=off
 * turns it off), a new file every $PREDICTION_LOG_MAX_MB (64), the newest
 * $PREDICTION_LOG_FILES (20) kept (ndjson-log.ts); `assay monitor pull` imports it.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { checkFeedbackRequest, feedbackAnswer } from '../../ml/monitor-feedback/feedback-request';
import { checkPredictRequest, defaultMaxRows, predictAnswer, predictionIds, refusalBody } from '../../ml/tabular/predict-request';
import { loadPredictor, type ModelDocument, type Predictor } from '../../ml/tabular/predictor';
import type { PipelineJSON } from '../../ml/tabular/preprocess/pipeline-json';
import { NdjsonLog, type NdjsonLogOptions } from './ndjson-log';
import { createRecsBundleServer, isRecsBundle } from './recs-server';
import { admit, admitBody, applyServerLimits, checkOrigin, defaultBodyTimeoutMs, defaultMaxBodyBytes, guardedServerOptions, loopbackHosts, type GuardOptions, type ServerLimits } from './http-guard';

/** model.json: the model document without its preprocessing (that is preprocess.json). */
export type BundleModelFile = Omit<ModelDocument, 'pipeline'> & { readonly name: string; readonly version: number };

export interface BundleServerOptions extends ServerLimits {
  /** Host headers accepted; by default the loopback names when bound to 127.0.0.1 / ::1, any otherwise. */
  readonly allowedHosts?: ReadonlySet<string> | null;
  readonly allowedOrigins?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly bodyTimeoutMs?: number;
  /** The NDJSON prediction log; null: no log. Default: ./logs in the bundle's folder. */
  readonly log?: NdjsonLogOptions | null;
  /** Prediction ids remembered for /feedback (oldest forgotten first). Default 200,000. */
  readonly feedbackIds?: number;
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

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json', headers: Readonly<Record<string, string>> = {}): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * The prediction ids this process answered, oldest forgotten first (a Map keeps
 * insertion order), and which of them got a label: /feedback needs both without
 * a database.
 */
class IssuedIds {
  private readonly ids = new Map<string, boolean>();
  constructor(private readonly cap: number) {}

  add(id: string): void {
    this.ids.set(id, false);
    if (this.ids.size > this.cap) this.ids.delete(this.ids.keys().next().value!);
  }

  /** 'unknown', 'duplicate', or 'stored' (and now labelled). */
  label(id: string): 'unknown' | 'duplicate' | 'stored' {
    const got = this.ids.get(id);
    if (got === undefined) return 'unknown';
    if (got) return 'duplicate';
    this.ids.set(id, true);
    return 'stored';
  }
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
  if (isRecsBundle(dir)) return createRecsBundleServer(dir, opts, (server) => hostsOf(server, opts.allowedHosts));
  const { predictor, meta } = loadBundle(dir);
  const log = opts.log === null ? null : new NdjsonLog(opts.log ?? { dir: path.join(dir, 'logs') });
  const issued = new IssuedIds(opts.feedbackIds ?? 200_000);
  let guard: GuardOptions | null = null;
  const started = Date.now();
  const c: Counters = { requests: new Map(), rows: 0, seconds: 0, predicts: 0 };
  const count = (p: string, status: number): void => {
    const k = `${p} ${status}`;
    c.requests.set(k, (c.requests.get(k) ?? 0) + 1);
  };
  const server = http.createServer(guardedServerOptions, (req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    const reply = (status: number, body: unknown, type?: string, headers?: Readonly<Record<string, string>>): void => {
      count(url === '/predict' || url === '/feedback' || url === '/health' || url === '/metrics' ? url : 'other', status);
      send(res, status, body, type, headers);
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
    if (url !== '/predict' && url !== '/feedback') {
      reply(404, { error: 'not found: use POST /predict, POST /feedback, GET /health or GET /metrics' });
      return;
    }
    if (req.method !== 'POST') {
      reply(405, { error: `use POST ${url}` });
      return;
    }
    void (url === '/predict' ? answer(req, res, reply) : takeFeedback(req, res, reply));
  });
  type Reply = (status: number, body: unknown, type?: string, headers?: Readonly<Record<string, string>>) => void;
  const readBody = async (req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): Promise<Buffer | null> => {
    let raw: Awaited<ReturnType<typeof admitBody>>;
    try {
      raw = await admitBody(req, res, { maxBytes: opts.maxBodyBytes ?? defaultMaxBodyBytes, timeoutMs: opts.bodyTimeoutMs ?? defaultBodyTimeoutMs });
    } catch (err) {
      reply(400, refusalBody(`The body could not be read: ${err instanceof Error ? err.message : String(err)}`));
      return null;
    }
    if (!Buffer.isBuffer(raw)) {
      reply(raw.status, refusalBody(raw.error));
      return null;
    }
    return raw;
  };
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): Promise<void> => {
    const start = process.hrtime.bigint();
    const requestId = randomUUID();
    const refused = (status: number, reason: string, rows: number): void =>
      log?.write({ type: 'rejected', id: requestId, time: new Date().toISOString(), model: meta.name, version: meta.version, status, reason, rows, latencyMs: Number(process.hrtime.bigint() - start) / 1e6 });
    const raw = await readBody(req, res, reply);
    if (!raw) return;
    const checked = checkPredictRequest(raw.toString('utf8'), predictor, defaultMaxRows);
    if (!checked.ok) {
      reply(checked.status, refusalBody(checked.error, checked.details));
      refused(checked.status, checked.reason, checked.rows);
      return;
    }
    const t0 = process.hrtime.bigint();
    try {
      const predictions = predictor.predictRecords(checked.rows);
      c.rows += checked.rows.length;
      c.predicts += 1;
      c.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      reply(200, predictAnswer(meta.name, meta.version, predictions, checked, requestId), undefined, { 'x-request-id': requestId });
      const ids = predictionIds(requestId, checked);
      const time = new Date().toISOString();
      const latencyMs = Number(process.hrtime.bigint() - start) / 1e6;
      for (let i = 0; i < ids.length; i++) {
        issued.add(ids[i]!);
        log?.write({ type: 'prediction', id: ids[i]!, request: requestId, time, model: meta.name, version: meta.version, input: checked.rows[i]!, output: predictions[i], latencyMs });
      }
    } catch (err) {
      reply(500, refusalBody(`The model failed on this request: ${err instanceof Error ? err.message : String(err)}`));
      refused(500, 'internal', checked.rows.length);
    }
  };
  const takeFeedback = async (req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): Promise<void> => {
    const raw = await readBody(req, res, reply);
    if (!raw) return;
    const checked = checkFeedbackRequest(raw.toString('utf8'));
    if (!checked.ok) {
      reply(checked.status, refusalBody(checked.error));
      return;
    }
    const counts = { stored: 0, duplicate: 0, unknown: 0, unknownIds: [] as string[] };
    const time = new Date().toISOString();
    for (const it of checked.items) {
      const outcome = issued.label(it.id);
      counts[outcome]++;
      if (outcome === 'unknown' && counts.unknownIds.length < 20) counts.unknownIds.push(it.id);
      if (outcome === 'stored') log?.write({ type: 'feedback', id: it.id, label: it.label, time, model: meta.name });
    }
    const out = feedbackAnswer(counts);
    reply(out.status, out.body);
  };
  applyServerLimits(server, opts);
  server.on('close', () => log?.close());
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

/** The server's options from $ALLOWED_ORIGINS, $ALLOWED_HOSTS, $MAX_BODY_BYTES, $MAX_CONNECTIONS, the log's and feedback's variables. */
export function optionsFromEnv(dir: string): BundleServerOptions {
  const origins = listEnv('ALLOWED_ORIGINS');
  const hosts = listEnv('ALLOWED_HOSTS');
  const maxBodyBytes = countEnv('MAX_BODY_BYTES');
  const maxConnections = countEnv('MAX_CONNECTIONS');
  const logMb = countEnv('PREDICTION_LOG_MAX_MB');
  const logFiles = countEnv('PREDICTION_LOG_FILES');
  const feedbackIds = countEnv('FEEDBACK_IDS');
  const log: NdjsonLogOptions | null =
    process.env['PREDICTION_LOG'] === 'off'
      ? null
      : { dir: path.resolve(process.env['PREDICTION_LOG_DIR'] ?? path.join(dir, 'logs')), ...(logMb !== undefined ? { maxBytes: logMb * 1024 * 1024 } : {}), ...(logFiles !== undefined ? { maxFiles: logFiles } : {}) };
  return {
    log,
    ...(feedbackIds !== undefined ? { feedbackIds } : {}),
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
  const modelDir = process.env['MODEL_DIR'] ?? dir;
  const server = createBundleServer(modelDir, optionsFromEnv(modelDir));
  server.listen(port, host, () => {
    const a = server.address();
    const actual = typeof a === 'object' && a ? a.port : port;
    process.stdout.write(`${JSON.stringify({ listening: `http://${host}:${actual}` })}\n`);
  });
  const stop = (): void => {
    // close() flushes the prediction log once the last request is answered.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
