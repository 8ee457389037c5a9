/**
 * Operations and request-level data quality per window, from what the servers
 * kept: answered predictions (the prediction log: one row per predicted row,
 * grouped into requests by request id) and refused or failed requests. Counted
 * per version, or for the model as a whole (what alerts watch).
 *  - requests, rows, p50/p99 latency (ms, of answered requests; numpy's default
 *    linear interpolation), errors (5xx), rejected (4xx) requests and their rows;
 *  - missing rate per input column (null or "" in the logged rows) and overall.
 */
import { windowsOf, type WindowSpec } from './windows';

export interface OpsPrediction {
  readonly at: number;
  readonly version: number;
  /** Null for rows logged before request ids: each is its own request. */
  readonly requestId: string | null;
  readonly latencyMs: number;
  /** The logged input row as JSON text. */
  readonly input: string;
}

export interface OpsRefusal {
  readonly at: number;
  readonly version: number;
  readonly status: number;
  readonly rows: number;
  readonly latencyMs: number;
}

export interface OpsWindow {
  readonly start: number;
  readonly end: number;
  /** Null: every version together. */
  readonly version: number | null;
  readonly requests: number;
  readonly rows: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly errors: number;
  readonly rejected: number;
  readonly rejectedRows: number;
  /** Share of logged cells that are missing, over all input columns; null with no rows. */
  readonly missingRate: number | null;
  readonly missingByColumn: Readonly<Record<string, number>>;
}

/** numpy.quantile's default (linear) on sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

type Event = { readonly at: number; readonly version: number } & ({ readonly p: OpsPrediction } | { readonly r: OpsRefusal });

function summarise(start: number, end: number, version: number | null, events: readonly Event[]): OpsWindow {
  const latencyOf = new Map<string, number>();
  let solo = 0;
  const soloLatencies: number[] = [];
  let rows = 0;
  let errors = 0;
  let rejected = 0;
  let rejectedRows = 0;
  const missing = new Map<string, number>();
  let cells = 0;
  let missingCells = 0;
  for (const e of events) {
    if ('r' in e) {
      if (e.r.status >= 500) errors++;
      else {
        rejected++;
        rejectedRows += e.r.rows;
      }
      continue;
    }
    rows++;
    if (e.p.requestId === null) {
      solo++;
      soloLatencies.push(e.p.latencyMs);
    } else latencyOf.set(e.p.requestId, e.p.latencyMs);
    let row: unknown;
    try {
      row = JSON.parse(e.p.input);
    } catch {
      continue;
    }
    if (typeof row !== 'object' || row === null) continue;
    for (const [k, v] of Object.entries(row)) {
      cells++;
      const gone = v === null || v === '';
      if (gone) missingCells++;
      missing.set(k, (missing.get(k) ?? 0) + (gone ? 1 : 0));
    }
  }
  const latencies = [...latencyOf.values(), ...soloLatencies].sort((a, b) => a - b);
  return {
    start,
    end,
    version,
    requests: latencyOf.size + solo + errors + rejected,
    rows,
    p50Ms: quantileSorted(latencies, 0.5),
    p99Ms: quantileSorted(latencies, 0.99),
    errors,
    rejected,
    rejectedRows,
    missingRate: cells ? missingCells / cells : null,
    missingByColumn: Object.fromEntries([...missing].map(([k, n]) => [k, rows ? n / rows : 0])),
  };
}

/** Operations per window (sorted inputs not required), per version unless `byVersion` is false. */
export function operationsPerWindow(predictions: readonly OpsPrediction[], refusals: readonly OpsRefusal[], spec: WindowSpec, byVersion = true): OpsWindow[] {
  const events: Event[] = [...predictions.map((p) => ({ at: p.at, version: p.version, p })), ...refusals.map((r) => ({ at: r.at, version: r.version, r }))].sort((a, b) => a.at - b.at);
  const groups = byVersion ? [...new Set(events.map((e) => e.version))].sort((a, b) => a - b).map((v) => ({ v, events: events.filter((e) => e.version === v) })) : [{ v: null, events }];
  return groups.flatMap((g) => windowsOf(g.events, (e) => e.at, spec).map((w) => summarise(w.start, w.end, g.v, w.rows)));
}

/** A window's numbers under the names alert rules use. */
export function operationsMetrics(w: OpsWindow): Record<string, number> {
  const out: Record<string, number> = { requests: w.requests, rows: w.rows, errors: w.errors, rejected: w.rejected, rejected_rows: w.rejectedRows };
  if (w.requests) {
    out['error_rate'] = w.errors / w.requests;
    out['rejected_rate'] = w.rejected / w.requests;
  }
  if (w.p50Ms !== null) out['p50_ms'] = w.p50Ms;
  if (w.p99Ms !== null) out['p99_ms'] = w.p99Ms;
  if (w.missingRate !== null) out['missing_rate'] = w.missingRate;
  for (const [c, r] of Object.entries(w.missingByColumn)) out[`missing_rate:${c}`] = r;
  return out;
}
