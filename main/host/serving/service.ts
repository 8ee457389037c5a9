import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import type { ModelRef } from '../../../preload/contract/registry';
import type { ServableVersion, ServeStartRequest, ServerInfo } from '../../../preload/contract/serving';
import type { Handlers } from '../dispatch';
import { datasetRows } from '../export/golden-rows';
import type { PushHub } from '../events';
import { listModels } from '../../../native-workers/project/registry';
import { recordFeedback } from '../../../native-workers/project/feedback';
import { loadRef, unload, type LoadedVersion } from './loaded';
import { checkServerLimits } from './limits';
import { ModelServer } from './model-server';
import { PredictionLog } from './prediction-log';
import { RecsEventFeed } from './recs-event-feed';
import { checkPercent } from './router';
import type { ProjectAccess } from '../project/access';
import { AlertSchedule, type AlertScheduleDeps } from '../monitor/schedule';

export type ServeChannel = Extract<InvokeChannel, `serve:${string}`>;

export interface ServingDeps extends ProjectAccess {
  readonly push: PushHub;
  /** serve:stats period; default 1000 ms. */
  readonly statsMs?: number;
  readonly alertSchedule?: Pick<AlertScheduleDeps, 'tickMs' | 'webhook' | 'onRun'>;
  /** A served model's scheduled rule fired (the host starts an opted-in retrain). */
  readonly onFired?: (name: string) => void;
}

/**
 * The host's model servers: start from a registered version (plus an optional
 * canary), hot swap, change the split, stop; pushes serve:stats once a second
 * while any runs. Servers belong to the open project and stop with it. While
 * any serves a writable project, the served models' alert rules are evaluated
 * on their schedule (monitor/schedule.ts).
 */
export class ServingService {
  private readonly deps: ServingDeps;
  private readonly servers = new Map<string, ModelServer>();
  private readonly feeds = new Map<string, RecsEventFeed>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private readonly alerts: AlertSchedule;

  constructor(deps: ServingDeps) {
    this.deps = deps;
    this.alerts = new AlertSchedule({
      ...deps.alertSchedule,
      ...(deps.onFired ? { onFired: deps.onFired } : {}),
      db: () => this.deps.store().db,
      models: () => [...new Set([...this.servers.values()].flatMap((s) => [s.primary.model, ...(s.candidate ? [s.candidate.model] : [])]))],
    });
  }

  models(): ServableVersion[] {
    const db = this.deps.store().db;
    return listModels(db).flatMap((m) =>
      m.versions.map((v) => {
        // A version registered before examples were kept: a real row of its dataset while it exists, not made-up values.
        const example = v.example ?? (v.kind === 'image' ? undefined : datasetRows(db, v.lineage.datasetId, v.inputSchema, 1)[0]);
        return { model: v.name, version: v.version, stage: v.stage, task: v.task, createdAt: v.createdAt, inputColumns: v.inputSchema, kind: v.kind ?? 'tabular', ...(example ? { example } : {}) };
      }),
    );
  }

  async start(req: ServeStartRequest): Promise<{ info: ServerInfo; server: ModelServer }> {
    const store = this.deps.store();
    if (req.port !== undefined && (!Number.isInteger(req.port) || req.port < 0 || req.port > 65535)) {
      throw new AssayError('BAD_INPUT', `The port must be 0..65535 (0 picks a free one), not ${req.port}.`);
    }
    const percent = req.canary ? this.percent(req.canary.percent) : 0;
    // Checked before anything loads: a bad one is a BAD_INPUT that names it.
    const { maxLogBytes, allowedOrigins, maxBodyBytes, maxConnections } = checkServerLimits(req);
    const primary = await loadRef(store.db, req.model);
    let candidate: LoadedVersion | null = null;
    try {
      candidate = req.canary ? await loadRef(store.db, req.canary.model) : null;
    } catch (err) {
      await unload(primary);
      throw err;
    }
    const log = new PredictionLog(store.readOnly ? null : store.path, maxLogBytes !== undefined ? { maxBytes: maxLogBytes } : {});
    let server: ModelServer;
    try {
      // Feedback is written by the host's own connection: it is rare beside predictions, and its answer needs the counts.
      const feedback = store.readOnly
        ? {}
        : {
            feedback: (names: readonly string[], items: Parameters<typeof recordFeedback>[2]) => recordFeedback(store.db, names, items, Date.now(), 'server'),
          };
      server = await ModelServer.start({ primary, candidate, candidatePercent: percent, ...(req.port !== undefined ? { port: req.port } : {}),
        allowedOrigins,
        ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {}),
        ...(maxConnections !== undefined ? { maxConnections } : {}),
        log,
        ...feedback,
      });
    } catch (err) {
      await log.close();
      // An image version's thread would otherwise outlive the server that never started.
      await Promise.all([primary, ...(candidate ? [candidate] : [])].map(unload));
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new AssayError('BUSY', `Port ${req.port} is already in use on 127.0.0.1; pick another or 0 for a free one.`);
      // A recommender with a predictor as its canary (model-server.ts checkFamily).
      if (err instanceof RangeError) throw new AssayError('BAD_INPUT', err.message);
      throw err;
    }
    const serverId = `s${this.nextId++}`;
    if (req.events !== undefined) {
      try {
        this.feeds.set(serverId, await RecsEventFeed.start(server, req.events));
      } catch (err) {
        await server.close();
        throw err;
      }
    }
    this.servers.set(serverId, server);
    this.ensureTimer();
    // A read-only project records no alert (nor any prediction to evaluate).
    if (!store.readOnly) this.alerts.start();
    this.emitStatus();
    return { info: this.info(serverId, server), server };
  }

  async stop(serverId: string): Promise<void> {
    const server = this.get(serverId);
    this.servers.delete(serverId);
    await this.feeds.get(serverId)?.stop();
    this.feeds.delete(serverId);
    await server.close();
    if (this.servers.size === 0) {
      this.stopTimer();
      await this.alerts.stop();
    }
    this.emitStatus();
  }

  async swap(serverId: string, ref: ModelRef): Promise<ServerInfo> {
    const server = this.get(serverId);
    const next = await loadRef(this.deps.store().db, ref);
    try {
      server.swap(next);
    } catch (err) {
      await unload(next);
      throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
    }
    this.emitStatus();
    return this.info(serverId, server);
  }

  async split(serverId: string, percent: number, candidate?: ModelRef | null): Promise<ServerInfo> {
    const server = this.get(serverId);
    const p = this.percent(percent);
    const loaded = candidate === undefined || candidate === null ? candidate : await loadRef(this.deps.store().db, candidate);
    try {
      server.split(p, loaded);
    } catch (err) {
      if (loaded) await unload(loaded);
      throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
    }
    this.emitStatus();
    return this.info(serverId, server);
  }

  status(): ServerInfo[] {
    return [...this.servers].map(([id, s]) => this.info(id, s));
  }

  handlers(): Pick<Handlers, ServeChannel> {
    return {
      'serve:models': () => this.models(),
      'serve:start': async (req) => (await this.start(req)).info,
      'serve:stop': async ({ serverId }) => {
        await this.stop(serverId);
        return null;
      },
      'serve:status': () => this.status(),
      'serve:split': ({ serverId, percent, candidate }) => this.split(serverId, percent, candidate),
      'serve:swap': ({ serverId, model }) => this.swap(serverId, model),
    };
  }

  /** Stops every server (the project is closing): logs are flushed synchronously first. */
  async stopAll(): Promise<void> {
    // Before any await: the caller may close the project right after this returns its promise.
    const alertsStopped = this.alerts.stop();
    const all = [...this.servers.values()];
    this.servers.clear();
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    await Promise.all(feeds.map((f) => f.stop()));
    this.stopTimer();
    const logsClosed = all.map((s) => s.log.close());
    await alertsStopped;
    await Promise.all(logsClosed);
    await Promise.all(all.map((s) => s.close()));
    if (all.length) this.emitStatus();
  }

  private info(serverId: string, s: ModelServer): ServerInfo {
    return {
      serverId,
      url: s.url,
      primary: s.primary,
      candidate: s.candidate,
      candidatePercent: s.candidatePercent,
      logging: s.log.enabled,
      startedAt: s.startedAt,
      ...(this.feeds.has(serverId) ? { events: this.feeds.get(serverId)!.status() } : {}),
    };
  }

  private get(serverId: string): ModelServer {
    const s = this.servers.get(serverId);
    if (!s) throw new AssayError('NOT_FOUND', `No model server ${serverId} is running.`);
    return s;
  }

  private percent(p: number): number {
    try {
      return checkPercent(p);
    } catch (err) {
      throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
    }
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const at = Date.now();
      for (const [serverId, s] of this.servers) {
        const ab = s.ab;
        this.deps.push.emit('serve:stats', { serverId, at, versions: s.metrics.tick(at), ...(ab ? { ab } : {}) });
      }
    }, this.deps.statsMs ?? 1000);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private emitStatus(): void {
    this.deps.push.emit('serve:status', this.status());
  }
}
