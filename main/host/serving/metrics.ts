/**
 * Server metrics: Prometheus counters and a latency histogram per version
 * (GET /metrics), and a one-second window per version for the live plot
 * (serve:stats). Recording is O(buckets) and allocation-free on the hot path.
 */
import type { ServedVersion, VersionStats } from '../../../preload/contract/serving';

/** Seconds; Prometheus buckets are cumulative `le` bounds, +Inf added on output. */
export const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

export type ErrorReason = 'bad_json' | 'bad_input' | 'bad_type' | 'too_large' | 'too_slow' | 'internal';

class VersionSeries {
  readonly byStatus = new Map<number, number>();
  readonly errors = new Map<ErrorReason, number>();
  readonly buckets = new Float64Array(latencyBuckets.length);
  count = 0;
  sum = 0;
  rows = 0;
  /** Latencies (ms) and rows of the current one-second window. */
  window: number[] = [];
  windowRows = 0;

  constructor(readonly v: ServedVersion) {}
}

function key(v: ServedVersion): string {
  return `${v.model}@${v.version}`;
}

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export class ServerMetrics {
  private readonly series = new Map<string, VersionSeries>();
  private windowStart: number;

  constructor(now: number = Date.now()) {
    this.windowStart = now;
  }

  private of(v: ServedVersion): VersionSeries {
    const k = key(v);
    let s = this.series.get(k);
    if (!s) {
      s = new VersionSeries({ model: v.model, version: v.version });
      this.series.set(k, s);
    }
    return s;
  }

  /** Makes a version's series exist (at zero) as soon as it is loaded. */
  track(v: ServedVersion): void {
    this.of(v);
  }

  record(v: ServedVersion, status: number, seconds: number, rows: number, error?: ErrorReason): void {
    const s = this.of(v);
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
    if (error) s.errors.set(error, (s.errors.get(error) ?? 0) + 1);
    s.count++;
    s.sum += seconds;
    s.rows += rows;
    for (let i = 0; i < latencyBuckets.length; i++) if (seconds <= latencyBuckets[i]!) s.buckets[i]!++;
    s.window.push(seconds * 1000);
    s.windowRows += rows;
  }

  /** Requests answered per version and status (tests, the CLI's exit summary). */
  requests(v: ServedVersion): number {
    return this.series.get(key(v))?.count ?? 0;
  }

  /** Closes the current window: per-version rates and p50/p99 since the last call. */
  tick(now: number = Date.now()): VersionStats[] {
    const dt = Math.max(0.001, (now - this.windowStart) / 1000);
    this.windowStart = now;
    return [...this.series.values()].map((s) => {
      const sorted = s.window.sort((a, b) => a - b);
      const stats: VersionStats = {
        model: s.v.model,
        version: s.v.version,
        requestsPerSecond: sorted.length / dt,
        rowsPerSecond: s.windowRows / dt,
        p50Ms: percentileOf(sorted, 50),
        p99Ms: percentileOf(sorted, 99),
        requests: s.count,
        errors: [...s.errors.values()].reduce((a, b) => a + b, 0),
      };
      s.window = [];
      s.windowRows = 0;
      return stats;
    });
  }

  /** Prometheus text exposition format 0.0.4. */
  prometheus(extra: { readonly uptimeSeconds: number; readonly logDropped: number; readonly logSkipped: number; readonly logPending: number }): string {
    const out: string[] = [];
    const all = [...this.series.values()];
    const labels = (s: VersionSeries): string => `model="${esc(s.v.model)}",version="${s.v.version}"`;
    out.push('# HELP assay_predict_requests_total Prediction requests answered, by HTTP status.', '# TYPE assay_predict_requests_total counter');
    for (const s of all) for (const [status, n] of [...s.byStatus].sort((a, b) => a[0] - b[0])) out.push(`assay_predict_requests_total{${labels(s)},status="${status}"} ${n}`);
    out.push('# HELP assay_predict_errors_total Prediction requests refused or failed, by reason.', '# TYPE assay_predict_errors_total counter');
    for (const s of all) for (const [reason, n] of s.errors) out.push(`assay_predict_errors_total{${labels(s)},reason="${reason}"} ${n}`);
    out.push('# HELP assay_predict_rows_total Rows predicted.', '# TYPE assay_predict_rows_total counter');
    for (const s of all) out.push(`assay_predict_rows_total{${labels(s)}} ${s.rows}`);
    out.push('# HELP assay_predict_latency_seconds Time from request to response.', '# TYPE assay_predict_latency_seconds histogram');
    for (const s of all) {
      latencyBuckets.forEach((le, i) => out.push(`assay_predict_latency_seconds_bucket{${labels(s)},le="${le}"} ${s.buckets[i]}`));
      out.push(`assay_predict_latency_seconds_bucket{${labels(s)},le="+Inf"} ${s.count}`);
      out.push(`assay_predict_latency_seconds_sum{${labels(s)}} ${s.sum}`);
      out.push(`assay_predict_latency_seconds_count{${labels(s)}} ${s.count}`);
    }
    out.push('# HELP assay_prediction_log_dropped_total Predictions not logged because the log buffer was full.', '# TYPE assay_prediction_log_dropped_total counter');
    out.push(`assay_prediction_log_dropped_total ${extra.logDropped}`);
    out.push('# HELP assay_prediction_log_skipped_total Predictions not logged because the log had reached its size cap.', '# TYPE assay_prediction_log_skipped_total counter');
    out.push(`assay_prediction_log_skipped_total ${extra.logSkipped}`);
    out.push('# HELP assay_prediction_log_pending Predictions waiting to be written to the project.', '# TYPE assay_prediction_log_pending gauge');
    out.push(`assay_prediction_log_pending ${extra.logPending}`);
    out.push('# HELP assay_uptime_seconds Seconds since the server started.', '# TYPE assay_uptime_seconds gauge');
    out.push(`assay_uptime_seconds ${extra.uptimeSeconds}`);
    return `${out.join('\n')}\n`;
  }
}

/** Minimal parser of the text format (tests, bench): `name{labels}` → value. */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    out.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  return out;
}
