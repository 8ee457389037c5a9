import type { WebSocketRoute } from '@playwright/test';
import { resolveTrainSpec, type CurveSeries, type FoldSummary, type TrainPlots, type TrainRunDetail, type TrainRunSummary, type TrainSpec } from '../preload/contract/train';

/**
 * A stand-in for the host's train channels, so the Train UI can be driven
 * before (and independently of) the training workers: train:* calls are
 * answered here, everything else goes to the real `assay serve`.
 */
export class FakeTrainHost {
  readonly starts: TrainSpec[] = [];
  readonly cancels: number[] = [];
  /** The next train:start answers with this error instead of a run. */
  failNextStart: { code: string; message: string; detail?: string } | null = null;
  private readonly runs = new Map<number, TrainRunDetail>();
  private ws: WebSocketRoute | null = null;

  attach(ws: WebSocketRoute): void {
    this.ws = ws;
    const server = ws.connectToServer();
    ws.onMessage((text) => {
      if (typeof text !== 'string' || !this.handle(text)) server.send(text);
    });
  }

  add(detail: TrainRunDetail): void {
    this.runs.set(detail.summary.runId, detail);
  }

  /** Stores the run's new state and pushes train:update, as the host does at start, per fold and at the end. */
  update(detail: TrainRunDetail): void {
    this.add(detail);
    this.ws?.send(JSON.stringify({ push: 'train:update', payload: detail.summary }));
  }

  private reply(id: number, result: unknown): true {
    this.ws?.send(JSON.stringify({ id, ok: true, result }));
    return true;
  }

  private handle(text: string): boolean {
    const msg = JSON.parse(text) as { id: number; channel: string; payload: unknown };
    switch (msg.channel) {
      case 'train:list':
        return this.reply(msg.id, [...this.runs.values()].map((d) => d.summary));
      case 'train:get': {
        const { runId } = msg.payload as { runId: number };
        return this.reply(msg.id, this.runs.get(runId));
      }
      case 'train:cancel':
        this.cancels.push((msg.payload as { runId: number }).runId);
        return this.reply(msg.id, null);
      case 'train:start': {
        const spec = msg.payload as TrainSpec;
        this.starts.push(spec);
        if (this.failNextStart) {
          this.ws?.send(JSON.stringify({ id: msg.id, ok: false, error: this.failNextStart }));
          this.failNextStart = null;
          return true;
        }
        const runId = this.runs.size + 1;
        this.update({ summary: runningSummary(runId, spec, 0), plots: null });
        return this.reply(msg.id, { runId });
      }
      default:
        return false;
    }
  }
}

const folds = [0, 1, 2, 3, 4];

export function runningSummary(runId: number, spec: TrainSpec, done: number): TrainRunSummary {
  return {
    runId,
    status: 'running',
    spec: resolveTrainSpec(spec),
    datasetName: 'mlc_churn',
    task: 'binary',
    validation: { kind: 'stratified', k: 5 },
    classes: ['no', 'yes'],
    features: spec.features ? [...spec.features] : ['account_length', 'total_day_minutes'],
    excluded: [{ column: 'area_code', reason: 'constant-like: one value in 99 % of rows' }],
    lint: [{ code: 'LEAKAGE_SUSPECT', column: 'total_day_charge', message: 'Is total_day_minutes × a constant: it adds nothing and may leak.', severity: 'warning' }],
    metrics: {},
    test: null,
    threshold: null,
    folds: folds.map((fold): FoldSummary => ({
      fold,
      status: fold < done ? 'succeeded' : fold < done + 2 ? 'running' : 'queued',
      trainRows: 3200,
      validationRows: 800,
      seconds: fold < done ? 2 : null,
      metrics: fold < done ? { roc_auc: 0.9 } : {},
      error: null,
    })),
    warnings: [],
    params: {},
    createdAt: '2026-11-26T12:00:00Z',
    seconds: null,
    error: null,
  };
}

function curve(name: string, power: number, area: number): CurveSeries {
  const x = Array.from({ length: 21 }, (_, i) => i / 20);
  return { name, x, y: x.map((v) => 1 - (1 - v) ** power), area };
}

export function finishedDetail(running: TrainRunSummary, shift = 0): TrainRunDetail {
  const aucs = [0.91, 0.89, 0.93, 0.9, 0.92].map((v) => v - shift);
  const summary: TrainRunSummary = {
    ...running,
    status: 'succeeded',
    metrics: {
      roc_auc: { mean: 0.91 - shift, std: 0.016, folds: aucs },
      f1: { mean: 0.71 - shift, std: 0.02, folds: [0.7, 0.69, 0.74, 0.7, 0.72] },
      accuracy: { mean: 0.93, std: 0.01, folds: [0.93, 0.92, 0.94, 0.93, 0.93] },
      log_loss: { mean: 0.25, std: 0.02, folds: [0.24, 0.26, 0.23, 0.27, 0.25] },
    },
    test: { roc_auc: 0.92 - shift, f1: 0.73 },
    threshold: 0.38,
    folds: [...running.folds.map((f) => ({ ...f, status: 'succeeded' as const, seconds: 2, metrics: { roc_auc: 0.9 } })), { fold: -1, status: 'succeeded', trainRows: 4000, validationRows: 1000, seconds: 3, metrics: { roc_auc: 0.92 }, error: null }],
    seconds: 14,
  };
  const t = Array.from({ length: 21 }, (_, i) => i / 20);
  const plots: TrainPlots = {
    roc: [...folds.map((f) => curve(`fold ${f + 1}`, 8 + f, aucs[f] ?? 0.9)), curve('mean', 10, 0.91)],
    pr: [curve('mean', 3, 0.78)],
    calibration: [{ name: 'mean', x: [0.1, 0.3, 0.5, 0.7, 0.9], y: [0.08, 0.27, 0.52, 0.69, 0.93] }],
    thresholds: [
      { name: 'precision', x: t, y: t.map((v) => 0.15 + 0.8 * v) },
      { name: 'recall', x: t, y: t.map((v) => 1 - v * v) },
    ],
    confusion: { labels: ['no', 'yes'], counts: [[4100, 193], [210, 497]] },
    importance: [
      { feature: 'total_day_minutes', value: 0.3 },
      { feature: 'number_customer_service_calls', value: 0.2 },
      { feature: 'international_plan=yes', value: 0.15 },
    ],
    residuals: null,
    learningCurve: { sizes: [800, 1600, 3200], train: [0.99, 0.97, 0.95], validation: [0.85, 0.89, 0.91], metric: 'roc_auc' },
    pca: null,
  };
  return { summary, plots };
}
