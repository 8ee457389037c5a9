/**
 * The exported bundle's HTTP server: plain Node, no Assay install. esbuild
 * bundles this file with the predictor and the learners (and tfjs, for the MLP)
 * into one `server.js` (build.mjs → dist/export/bundle-server.js).
 *
 * Same API as Assay's local serving:
 *   POST /predict  {"rows":[{…},…]} or one row {…} → {"predictions":[…]}; a bad
 *                  row is a 400 naming its row and column
 *   GET  /health   {"status":"ok","model":…,"version":…}
 *   GET  /metrics  Prometheus text
 * Reads model.json + preprocess.json from its own folder (or $MODEL_DIR).
 * Binds $HOST (default 0.0.0.0: it is a deployment artifact meant to run in a
 * container) on $PORT (default 8080).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { FrameError } from '../../ml/tabular/frame';
import { loadPredictor, type ModelDocument, type Predictor } from '../../ml/tabular/predictor';
import type { PipelineJSON } from '../../ml/tabular/preprocess/pipeline-json';

/** model.json: the model document without its preprocessing (that is preprocess.json). */
export type BundleModelFile = Omit<ModelDocument, 'pipeline'> & { readonly name: string; readonly version: number };

const maxBodyBytes = 10 * 1024 * 1024;
const maxRows = 10_000;

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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error(`request body over ${maxBodyBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function rowsOf(body: unknown): Record<string, unknown>[] | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'send {"rows":[{…}]} or one row {…}';
  const rows = (body as { rows?: unknown }).rows;
  const list = rows === undefined ? [body] : rows;
  if (!Array.isArray(list)) return '"rows" must be an array of objects';
  if (list.length === 0) return '"rows" is empty';
  if (list.length > maxRows) return `at most ${maxRows} rows per request`;
  const bad = list.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0) return `row ${bad} is not an object`;
  return list as Record<string, unknown>[];
}

export function createBundleServer(dir: string): http.Server {
  const { predictor, meta } = loadBundle(dir);
  const started = Date.now();
  const c: Counters = { requests: new Map(), rows: 0, seconds: 0, predicts: 0 };
  const count = (p: string, status: number): void => {
    const k = `${p} ${status}`;
    c.requests.set(k, (c.requests.get(k) ?? 0) + 1);
  };
  return http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    const reply = (status: number, body: unknown, type?: string): void => {
      count(url === '/predict' || url === '/health' || url === '/metrics' ? url : 'other', status);
      send(res, status, body, type);
    };
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
    readBody(req).then(
      (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          reply(400, { error: 'the body is not JSON' });
          return;
        }
        const rows = rowsOf(body);
        if (typeof rows === 'string') {
          reply(400, { error: rows });
          return;
        }
        const t0 = process.hrtime.bigint();
        try {
          const predictions = predictor.predictRecords(rows);
          c.rows += rows.length;
          c.predicts += 1;
          c.seconds += Number(process.hrtime.bigint() - t0) / 1e9;
          reply(200, { model: meta.name, version: meta.version, predictions });
        } catch (err) {
          if (err instanceof FrameError) reply(400, { error: err.message, row: err.row, column: err.column });
          else reply(500, { error: err instanceof Error ? err.message : String(err) });
        }
      },
      (err: unknown) => reply(413, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

/** Run as the bundle's entry (node server.js), not when imported by tests. */
export function startFromEnv(dir: string): void {
  const port = Number(process.env['PORT'] ?? 8080);
  const host = process.env['HOST'] ?? '0.0.0.0';
  const server = createBundleServer(process.env['MODEL_DIR'] ?? dir);
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
