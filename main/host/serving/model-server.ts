/**
 * The model server: node:http on 127.0.0.1 only, in the host process.
 *   POST /predict  {"rows":[{…},…]} or one row {…} → {id, ids?, model, version, predictions:[…]}
 *                  ?version=N pins a request to one of the loaded versions (404 for any other);
 *                  `id` (also the X-Request-Id header) names the request and a single row's
 *                  prediction, `ids[i]` row i of a batch
 *   POST /feedback {id, label} | {feedback: [{id, label}, …]} → {stored, duplicate, unknown}
 *                  (ml/monitor-feedback/feedback-request.ts, shared with the bundle's server)
 *   POST /recommend {user, k?, exclude_seen?, filters?: {items?, exclude?}} (a recommender version)
 *                  → {id, model, version, user, coldStart, note?, items: [{item, score, reason, because}]}
 *   POST /events   {user, item, weight?, recommendation_id?} | {events: […]} → {received, applied, newUsers, clicks, …}:
 *                  the user is folded in at once (ml/recs/serving/live.ts), so the next /recommend
 *                  reflects it; a recommendation_id counts a click for the arm that served it
 *   POST /feedback {id, event: "click"|"conversion"} | {feedback: […]} (a recommender) → {received, clicks, conversions, …}
 *                  With a candidate recommender, users are split by a hash of their id (each user
 *                  always sees one arm) and /health and serve:stats carry click-through and
 *                  conversion per arm, with 95 % intervals and the tests between arms.
 *   GET  /health   {status:'ok', model, versions, uptimeS, logging, ab?}
 *   GET  /metrics  Prometheus text
 * Tabular predictions run in-process: a warm predictor answers a row in well
 * under a millisecond, far less than a hop to a worker process would cost. A
 * large batch is predicted in chunks with the event loop free in between, and a
 * batch above `maxRows` is refused with 413. An image version takes
 *   POST /predict  {"image": BASE64} | {"images": [BASE64, …]} | raw bytes (Content-Type image/*)
 *                  → {model, version, predictions: [{label, probabilities: {class: p}}]}
 * and is decoded and classified in its own worker thread (image-predictor.ts),
 * so a forward pass never stalls this thread.
 * Every request is checked first (http-guard.ts): the Host must be 127.0.0.1 or
 * localhost at this port, a browser Origin must be allowed (none by default),
 * a POST must be JSON (or image/* for an image version), and bodies, time and
 * connections are capped.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Prediction } from '../../../native-workers/ml/tabular/predictor';
import type { ServedVersion } from '../../../preload/contract/serving';
import type { StreamSource } from '../../../preload/contract/sensors';
import { checkPredictRequest, predictAnswer, predictionIds, refusalBody } from '../../../native-workers/ml/tabular/predict-request';
import { checkFeedbackRequest, feedbackAnswer, type FeedbackCounts, type FeedbackLabel } from '../../../native-workers/ml/monitor-feedback';
import { admit, admitBody, applyServerLimits, defaultBodyTimeoutMs, defaultMaxBodyBytes, guardedServerOptions, loopbackHosts, type GuardOptions, type ServerLimits } from '../../../native-workers/host-api';
import { parseImageRequest } from './image-request';
import { unload, type LoadedImage, type LoadedTabular, type LoadedVersion } from './loaded';
import { ServerMetrics, type ErrorReason } from './metrics';
import type { PredictionLog } from './prediction-log';
import { SplitRouter } from './router';
import { RecsEndpoints, type AbStats, type RecsArm } from '../../../native-workers/ml/recs/serving';

export interface ModelServerOptions extends ServerLimits {
  readonly primary: LoadedVersion;
  readonly candidate?: LoadedVersion | null;
  readonly candidatePercent?: number;
  readonly port?: number;
  readonly log: PredictionLog;
  /** Bytes of a request body; above it, 413. Default 1 MiB for a tabular version, 16 MiB for an image version (photos). */
  readonly maxBodyBytes?: number;
  /** Time to receive a request's body; after it, 408 and the connection is closed. Default 10 s. */
  readonly bodyTimeoutMs?: number;
  /** Browser origins allowed to call (with CORS headers). Default none. */
  readonly allowedOrigins?: readonly string[];
  /** Rows in one request; above it, 413. Default 10,000. */
  readonly maxRows?: number;
  /** Rows predicted between two turns of the event loop. Default 1,000. */
  readonly chunkRows?: number;
  /**
   * Stores POST /feedback labels for the served model names (the project's data
   * layer, ServingService); absent: the project is read-only and /feedback says so.
   */
  readonly feedback?: (models: readonly string[], items: readonly FeedbackLabel[]) => FeedbackCounts;
}

function recsArm(v: LoadedVersion | null): RecsArm | null {
  return v?.kind === 'recs' ? { model: v.model, version: v.version, live: v.live } : null;
}

/** A recommender and a predictor answer different requests: one server serves one family. */
function checkFamily(a: LoadedVersion, b: LoadedVersion | null | undefined): void {
  if (b && (a.kind === 'recs') !== (b.kind === 'recs')) throw new RangeError(`${b.model} version ${b.version} is ${b.kind === 'recs' ? 'a recommender' : 'not a recommender'} and ${a.model} version ${a.version} is ${a.kind === 'recs' ? 'one' : 'not'}: a server serves versions of one kind.`);
}

/** A refusal with its HTTP status and JSON body. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: ErrorReason,
    error: string,
    readonly details: readonly unknown[] = [],
    /** Rows the refused request held, when known (the operations history counts rejected rows). */
    readonly rows = 0,
  ) {
    super(error);
  }

  get body(): Readonly<Record<string, unknown>> {
    return refusalBody(this.message, this.details);
  }
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

function served(v: LoadedVersion): ServedVersion {
  return { model: v.model, version: v.version };
}

export class ModelServer {
  readonly metrics = new ServerMetrics();
  readonly log: PredictionLog;
  private primaryV: LoadedVersion;
  private candidateV: LoadedVersion | null;
  private readonly router: SplitRouter;
  private readonly server: http.Server;
  private readonly opts: ModelServerOptions;
  private guard: GuardOptions;
  readonly startedAt = Date.now();
  private inFlight = 0;
  /** Versions swapped or split out while this server ran: unloaded once nothing routes to them. */
  private readonly retired = new Set<LoadedVersion>();
  /** /recommend and /events when the versions are recommenders. */
  private readonly recs: RecsEndpoints | null;

  private constructor(opts: ModelServerOptions) {
    this.opts = opts;
    this.log = opts.log;
    this.primaryV = opts.primary;
    this.candidateV = opts.candidate ?? null;
    checkFamily(this.primaryV, this.candidateV);
    this.router = new SplitRouter(this.candidateV ? (opts.candidatePercent ?? 0) : 0);
    const primaryArm = recsArm(this.primaryV);
    this.recs = primaryArm ? new RecsEndpoints(primaryArm, recsArm(this.candidateV), this.router.candidatePercent, { newId: randomUUID }) : null;
    this.metrics.track(this.primaryV);
    if (this.candidateV) this.metrics.track(this.candidateV);
    // Until listen() gives the port, no Host is accepted.
    this.guard = { allowedHosts: new Set(), allowedOrigins: opts.allowedOrigins ?? [] };
    this.server = http.createServer(guardedServerOptions, (req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    applyServerLimits(this.server, opts);
  }

  static async start(opts: ModelServerOptions): Promise<ModelServer> {
    const s = new ModelServer(opts);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(opts.port ?? 0, '127.0.0.1', () => {
        s.server.off('error', reject);
        s.guard = { ...s.guard, allowedHosts: loopbackHosts((s.server.address() as AddressInfo).port) };
        resolve();
      });
    });
    return s;
  }

  get url(): string {
    const a = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  get primary(): ServedVersion {
    return served(this.primaryV);
  }

  get candidate(): ServedVersion | null {
    return this.candidateV ? served(this.candidateV) : null;
  }

  get candidatePercent(): number {
    return this.candidateV ? this.router.candidatePercent : 0;
  }

  get uptimeSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /**
   * Hot swap: the new version is loaded (by the caller) before this, and only the
   * reference changes here. A request already routed keeps the version it got,
   * so none is dropped or answered by a half-loaded model.
   */
  swap(next: LoadedVersion): void {
    checkFamily(this.primaryV, next);
    this.metrics.track(next);
    const old = this.primaryV;
    this.primaryV = next;
    this.retire(old);
    this.syncRecs();
  }

  get servesRecs(): boolean {
    return this.recs !== null;
  }

  /**
   * A body as POST /events takes it, from another transport (an MQTT topic): applied to the
   * served models and stored exactly as over HTTP.
   */
  ingestEvents(text: string, source: 'http' | StreamSource['kind']): { status: number; body: Readonly<Record<string, unknown>> } {
    if (!this.recs) return { status: 404, body: refusalBody(`${this.primaryV.model} is not a recommender.`) };
    const out = this.recs.events(text);
    if (out.status !== 200) return out;
    // Stored through the serving log's thread (batched, off this thread): a read-only project has no log.
    this.log.recsEvents({ model: this.primaryV.model, version: this.primaryV.version, events: out.stored, source, at: Date.now() });
    return { status: 200, body: { ...out.body, stored: this.log.enabled ? out.stored.length : 0, ...(this.log.enabled ? {} : { storedNote: 'The project is read-only: events update the served model but are not kept for retraining.' }) } };
  }

  /** Click-through per arm of a recommender server; null for a predictor. */
  get ab(): AbStats | null {
    return this.recs?.stats() ?? null;
  }

  private syncRecs(): void {
    this.recs?.setArms(recsArm(this.primaryV)!, recsArm(this.candidateV), this.candidatePercent);
  }

  /** Sets the candidate's share; a loaded candidate replaces the current one, null removes it. */
  split(percent: number, candidate?: LoadedVersion | null): void {
    if (candidate !== undefined) {
      checkFamily(this.primaryV, candidate);
      const old = this.candidateV;
      this.candidateV = candidate;
      if (candidate) this.metrics.track(candidate);
      if (old) this.retire(old);
    }
    if (!this.candidateV && percent > 0) throw new RangeError('There is no candidate version to send requests to; start with a canary or name one.');
    this.router.set(percent);
    this.syncRecs();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Idle keep-alive connections would hold close() open; busy ones finish their request first.
      this.server.closeIdleConnections();
    });
    await this.log.close();
    await Promise.all([this.primaryV, ...(this.candidateV ? [this.candidateV] : []), ...this.retired].map(unload));
  }

  /** An image version that no longer serves lets its thread go after its last request (a tabular one holds nothing). */
  private retire(v: LoadedVersion): void {
    if (v === this.primaryV || v === this.candidateV || v.kind !== 'image') return;
    this.retired.add(v);
    void unload(v).then(() => this.retired.delete(v));
  }

  private route(): LoadedVersion {
    return this.candidateV && this.router.next() ? this.candidateV : this.primaryV;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!admit(req, res, this.guard, (r) => this.send(res, r.status, refusalBody(r.error)))) return;
    const [path, query] = (req.url ?? '/').split('?', 2) as [string, string | undefined];
    if (path === '/recommend' || path === '/events') {
      if (req.method !== 'POST') return this.send(res, 405, { error: `POST a JSON body to ${path}.` }, { allow: 'POST' });
      if (!this.recs) {
        req.resume();
        return this.send(res, 404, refusalBody(`${this.primaryV.model} is not a recommender: POST /predict instead.`));
      }
      void this.recsRequest(req, res, this.recs, path);
      return;
    }
    if (path === '/predict') {
      if (this.recs) {
        req.resume();
        return this.send(res, 404, refusalBody(`${this.primaryV.model} is a recommender: POST /recommend {"user": "…", "k": 10} or /events instead.`));
      }
      if (req.method !== 'POST') return this.send(res, 405, { error: 'POST a JSON body to /predict.' }, { allow: 'POST' });
      const pinned = query === undefined ? undefined : new URLSearchParams(query).get('version');
      let target: LoadedVersion | undefined;
      if (pinned !== undefined && pinned !== null) {
        target = [this.primaryV, this.candidateV].find((v) => v !== null && String(v.version) === pinned) ?? undefined;
        if (!target) {
          req.resume();
          const loaded = [this.primaryV, ...(this.candidateV ? [this.candidateV] : [])].map((v) => v.version);
          return this.send(res, 404, { error: `Version ${pinned} of ${this.primaryV.model} is not served here; loaded: ${loaded.join(', ')}.`, details: [] });
        }
      }
      void this.predict(req, res, target);
      return;
    }
    if (path === '/feedback') {
      if (req.method !== 'POST') return this.send(res, 405, { error: this.recs ? 'POST {"id": "…", "event": "click"} to /feedback.' : 'POST {"id": "…", "label": …} to /feedback.' }, { allow: 'POST' });
      if (this.recs) void this.recsRequest(req, res, this.recs, path);
      else void this.takeFeedback(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, 405, { error: `${req.method} is not served here.` }, { allow: 'GET' });
    if (path === '/health') {
      return this.send(res, 200, {
        status: 'ok',
        model: this.primaryV.model,
        versions: [
          { ...served(this.primaryV), role: 'primary', percent: 100 - this.candidatePercent },
          ...(this.candidateV ? [{ ...served(this.candidateV), role: 'candidate', percent: this.candidatePercent }] : []),
        ],
        uptimeS: Math.round(this.uptimeSeconds * 10) / 10,
        logging: this.log.enabled,
        // Predictions past the log's size cap: not logged, so the project stopped growing.
        logSkipped: this.log.skipped,
        inFlight: this.inFlight,
        ...(this.recs ? { ab: this.recs.stats() } : {}),
      });
    }
    if (path === '/metrics') {
      const text = this.metrics.prometheus({ uptimeSeconds: this.uptimeSeconds, logDropped: this.log.dropped, logSkipped: this.log.skipped, logPending: this.log.pendingCount });
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(text);
      return;
    }
    this.send(res, 404, { error: `Nothing at ${path}: use ${this.recs ? 'POST /recommend, POST /events, POST /feedback' : 'POST /predict, POST /feedback'}, GET /health or GET /metrics.` });
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...jsonHeaders, 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  /** POST /recommend and /events: answered in this thread, as tabular predictions are (a top-K over the catalogue; a hop to a worker would add its own cost). */
  private async recsRequest(req: http.IncomingMessage, res: http.ServerResponse, recs: RecsEndpoints, path: '/recommend' | '/events' | '/feedback'): Promise<void> {
    const t0 = performance.now();
    let target: LoadedVersion = this.primaryV;
    let status = 200;
    let reason: ErrorReason | undefined;
    this.inFlight++;
    try {
      const body = await admitBody(req, res, { maxBytes: this.opts.maxBodyBytes ?? defaultMaxBodyBytes, timeoutMs: this.opts.bodyTimeoutMs ?? defaultBodyTimeoutMs });
      if (!Buffer.isBuffer(body)) {
        status = body.status;
        reason = body.reason;
        return this.send(res, body.status, refusalBody(body.error));
      }
      const text = body.toString('utf8');
      if (path === '/recommend') {
        const out = recs.recommend(text);
        if (out.arm) target = out.arm.version === this.candidateV?.version && out.arm.model === this.candidateV.model ? this.candidateV : this.primaryV;
        status = out.status;
        if (status !== 200) reason = 'bad_input';
        return this.send(res, out.status, out.body, typeof out.body['id'] === 'string' ? { 'x-request-id': out.body['id'] } : {});
      }
      const out = path === '/feedback' ? recs.feedback(text) : this.ingestEvents(text, 'http');
      status = out.status;
      if (status !== 200 && status !== 404) reason = 'bad_input';
      this.send(res, out.status, out.body);
    } catch (err) {
      status = 500;
      reason = 'internal';
      this.send(res, 500, refusalBody(`The recommender failed on this request: ${err instanceof Error ? err.message : String(err)}`));
    } finally {
      this.inFlight--;
      this.metrics.record(target, status, (performance.now() - t0) / 1000, path === '/recommend' ? 1 : 0, reason);
    }
  }

  /** POST /feedback: true labels for logged predictions, stored through the project (after the log is flushed, so a just-answered id is known). */
  private async takeFeedback(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const body = await admitBody(req, res, { maxBytes: this.opts.maxBodyBytes ?? defaultMaxBodyBytes, timeoutMs: this.opts.bodyTimeoutMs ?? defaultBodyTimeoutMs });
      if (!Buffer.isBuffer(body)) return this.send(res, body.status, refusalBody(body.error));
      const checked = checkFeedbackRequest(body.toString('utf8'));
      if (!checked.ok) return this.send(res, checked.status, refusalBody(checked.error));
      if (!this.opts.feedback) return this.send(res, 409, refusalBody('This server runs on a read-only project: feedback cannot be stored. Serve the model from a project you can write to.'));
      this.log.flush();
      const names = [...new Set([this.primaryV.model, ...(this.candidateV ? [this.candidateV.model] : [])])];
      const answer = feedbackAnswer(this.opts.feedback(names, checked.items));
      this.send(res, answer.status, answer.body);
    } catch (err) {
      this.send(res, 500, refusalBody(`The feedback could not be stored: ${err instanceof Error ? err.message : String(err)}. Try again.`));
    }
  }

  private async predict(req: http.IncomingMessage, res: http.ServerResponse, pinned?: LoadedVersion): Promise<void> {
    const t0 = performance.now();
    const target = pinned ?? this.route();
    const requestId = randomUUID();
    this.inFlight++;
    let rows = 0;
    let status = 200;
    let reason: ErrorReason | undefined;
    try {
      const body = await admitBody(req, res, {
        maxBytes: this.opts.maxBodyBytes ?? (target.kind === 'image' ? 16 * 1024 * 1024 : defaultMaxBodyBytes),
        timeoutMs: this.opts.bodyTimeoutMs ?? defaultBodyTimeoutMs,
        alsoImages: target.kind === 'image',
      });
      if (!Buffer.isBuffer(body)) throw new HttpError(body.status, body.reason, body.error);
      if (target.kind === 'recs') throw new HttpError(404, 'bad_input', `${target.model} is a recommender: POST /recommend instead.`);
      const out = target.kind === 'image' ? await this.answerImages(target, body, req.headers['content-type'], t0, requestId) : await this.answer(target, body, t0, requestId);
      rows = out.rows;
      this.send(res, 200, out.body, { 'x-request-id': requestId });
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, 'internal', `The model failed on this request: ${err instanceof Error ? err.message : String(err)}`);
      status = e.status;
      reason = e.reason;
      this.send(res, e.status, e.body);
      // Kept for the operations history: the prediction log never sees a refused request.
      this.log.event({ name: target.model, version: target.version, at: Date.now(), status: e.status, reason: e.reason, rows: e.rows, latencyMs: performance.now() - t0 });
    } finally {
      this.inFlight--;
      this.metrics.record(target, status, (performance.now() - t0) / 1000, rows, reason);
    }
  }

  private async answer(target: LoadedTabular, raw: Buffer, t0: number, requestId: string): Promise<{ body: Readonly<Record<string, unknown>>; rows: number }> {
    const checked = checkPredictRequest(raw.toString('utf8'), target.predictor, this.opts.maxRows);
    if (!checked.ok) throw new HttpError(checked.status, checked.reason, checked.error, checked.details, checked.rows);
    const predictions = await this.predictChunked(target, checked.rows);
    const latencyMs = performance.now() - t0;
    // The parsed rows, never the client's text: they hold the input columns only (padding, duplicate or unknown keys are not kept).
    this.log.add(target.model, target.version, checked.rows, predictions, latencyMs, { requestId, pids: predictionIds(requestId, checked) });
    return { rows: checked.rows.length, body: predictAnswer(target.model, target.version, predictions, checked, requestId) };
  }

  /** Image versions: decode + classify in the model's thread; a request with any unusable image is a 400 naming it. */
  private async answerImages(target: LoadedImage, raw: Buffer, contentType: string | undefined, t0: number, requestId: string): Promise<{ body: Readonly<Record<string, unknown>>; rows: number }> {
    const parsed = parseImageRequest(raw, contentType);
    if (!parsed.ok) throw new HttpError(parsed.status, parsed.reason, parsed.error, parsed.details);
    const outcomes = await target.images.predict(parsed.images);
    const problems = outcomes.flatMap((o, i) => ('error' in o ? [{ image: i, message: o.error }] : []));
    if (problems.length) throw new HttpError(400, 'bad_input', `${problems.length} of ${outcomes.length} images cannot be used; nothing was predicted.`, problems);
    const classes = target.images.classes;
    const predictions = outcomes.map((o) => {
      const p = 'probabilities' in o ? o.probabilities : [];
      let best = 0;
      for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
      return { label: classes[best]!, probabilities: Object.fromEntries(classes.map((c, k) => [c, p[k]!])) };
    });
    // The log keeps what identifies an image (its hash, format and size), never its pixels.
    const inputs = outcomes.map((o) => ('probabilities' in o ? { sha256: o.sha256, format: o.format, width: o.width, height: o.height } : { sha256: o.sha256 }));
    const ids = predictionIds(requestId, { rows: predictions, single: parsed.images.length === 1 });
    this.log.add(target.model, target.version, inputs, predictions, performance.now() - t0, { requestId, pids: ids });
    return { rows: predictions.length, body: { id: requestId, ...(ids.length > 1 ? { ids } : {}), model: target.model, version: target.version, predictions } };
  }

  private async predictChunked(target: LoadedTabular, rows: readonly Readonly<Record<string, unknown>>[]): Promise<Prediction[]> {
    const chunk = this.opts.chunkRows ?? 1000;
    if (rows.length <= chunk) return target.predictor.predictRecords(rows);
    const out: Prediction[] = [];
    for (let i = 0; i < rows.length; i += chunk) {
      if (i > 0) await new Promise<void>((r) => setImmediate(r));
      out.push(...target.predictor.predictRecords(rows.slice(i, i + chunk)));
    }
    return out;
  }
}
