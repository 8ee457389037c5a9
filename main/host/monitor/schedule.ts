/**
 * Alert rules evaluated on a schedule while models are served (the app,
 * `assay serve`, `assay serve-model`): each served model every `checkEvery`
 * of its monitoring settings, drift included (its log windows checked against
 * the reference). One evaluation at a time; `stop` cuts a webhook's retries
 * short and waits for the evaluation in flight, so nothing writes to a project
 * after it closes.
 */
import { checkEvery } from '../../../native-workers/project/alerts';
import type { Db } from '../../../native-workers/project/open';
import { evaluateModelAlerts, logDriftMetrics, type AlertRun, type WebhookOptions } from '../../../native-workers/host-api';

export interface AlertScheduleDeps {
  readonly db: () => Db;
  /** The model names served now. */
  readonly models: () => readonly string[];
  /** How often to look for a model that is due; default 1 s. */
  readonly tickMs?: number;
  readonly webhook?: WebhookOptions;
  /** Each evaluation's outcome (an error: the model was removed, a log it could not read…); the schedule carries on. */
  readonly onRun?: (name: string, outcome: AlertRun | Error) => void;
  /** A rule of the model fired in this evaluation: where an opted-in model's retrain starts (retrain.ts). */
  readonly onFired?: (name: string) => void;
}

export class AlertSchedule {
  private readonly deps: AlertScheduleDeps;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private abort = new AbortController();
  /** When each model was last evaluated, or first seen served: it is due `checkEvery` after that. */
  private readonly since = new Map<string, number>();

  constructor(deps: AlertScheduleDeps) {
    this.deps = deps;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.abort = new AbortController();
    this.arm();
  }

  /** Stops at once (no further write), and resolves when the evaluation in flight has returned. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.since.clear();
    await this.inFlight;
  }

  private arm(): void {
    const { signal } = this.abort;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick(signal).finally(() => {
        this.inFlight = null;
        // Not after a stop, even one followed by a new start (that start armed its own timer).
        if (!signal.aborted) this.arm();
      });
    }, this.deps.tickMs ?? 1000);
    this.timer.unref();
  }

  private async tick(signal: AbortSignal): Promise<void> {
    const served = new Set(this.deps.models());
    for (const name of this.since.keys()) if (!served.has(name)) this.since.delete(name);
    for (const name of served) {
      if (signal.aborted) return;
      const now = Date.now();
      const last = this.since.get(name);
      if (last === undefined) {
        this.since.set(name, now);
        continue;
      }
      let outcome: AlertRun | Error;
      try {
        const db = this.deps.db();
        const every = checkEvery(db, name);
        if (every === 0 || now - last < every) continue;
        this.since.set(name, now);
        outcome = await evaluateModelAlerts(db, name, { now, extra: logDriftMetrics(db, name, { store: true }), signal, ...(this.deps.webhook ? { webhook: this.deps.webhook } : {}) });
      } catch (err) {
        outcome = err instanceof Error ? err : new Error(String(err));
      }
      if (signal.aborted) return;
      this.deps.onRun?.(name, outcome);
      if (!(outcome instanceof Error) && outcome.fired.length > 0) this.deps.onFired?.(name);
    }
  }
}
