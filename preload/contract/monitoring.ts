/**
 * The Monitoring page's data (and the HTML report's): one model version's
 * drift per column over windows, realized and estimated performance, alert
 * rules and what fired. Built by the host from the serving log (or a dataset).
 */
export type MonitorStatus = 'healthy' | 'warning' | 'drifting' | 'no data';

export interface MonitorColumn {
  readonly name: string;
  readonly method: string;
  /** p-value: drift when p < threshold; statistic: drift when statistic ≥ threshold. */
  readonly compares: 'p-value' | 'statistic';
  readonly threshold: number;
  /** Over all the rows checked. */
  readonly statistic: number | null;
  readonly pValue?: number;
  readonly drift: boolean | null;
  readonly reason?: string;
  /** Per window, in `MonitorOverview.windows` order: the statistic, and the verdict (null: no verdict). */
  readonly byWindow: readonly { readonly statistic: number | null; readonly pValue?: number; readonly drift: boolean | null }[];
}

export interface MonitorWindow {
  readonly label: string;
  readonly rows: number;
  readonly datasetDrift: boolean | null;
  /** CBPE estimate for a binary classifier. */
  readonly estimatedAccuracy?: number;
}

/** One column's (or the prediction's) distribution: the reference against the current window, over the same bins. */
export interface MonitorDistribution {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Bin labels: numeric `≤ 12.5`, `(12.5, 40]`, `> 40` on the reference's deciles; categorical the category (the rarest beyond a dozen as `other`). */
  readonly bins: readonly string[];
  /** The reference's rows per bin (present values only). */
  readonly reference: readonly number[];
  /** The current window's rows per bin (present values only; a numeric value outside the reference's range falls in the first or last bin). */
  readonly current: readonly number[];
  /** The window the current counts are from (the latest; all rows checked without windows). */
  readonly window: string;
  /** Missing values in the current window, not in the bins. */
  readonly currentMissing: number;
}

/** Data quality of one drift window: shares over the monitored input columns. */
export interface MonitorQuality {
  readonly label: string;
  readonly rows: number;
  /** Missing cells ÷ all cells of the monitored columns. */
  readonly missingRate: number;
  /** Numeric values outside the training range ÷ numeric values present; null without numeric columns. */
  readonly outOfRange: number | null;
  /** Categorical values in categories training never saw ÷ categorical values present; null without categorical columns. */
  readonly unseen: number | null;
  /** Requests refused with a 4xx in the serving window that starts at the same instant; null where none lines up (count windows). */
  readonly rejected: number | null;
}

/** Operations of one serving window of the shown version (the request log and refused requests). */
export interface MonitorOperations {
  readonly start: string;
  readonly end: string;
  readonly requests: number;
  readonly rows: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** 5xx answers. */
  readonly errors: number;
  /** Requests refused with a 4xx (bad input). */
  readonly rejected: number;
}

export interface MonitorRealized {
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface MonitorRule {
  readonly id: number;
  readonly metric: string;
  readonly op: '>' | '>=' | '<' | '<=';
  readonly threshold: number;
  readonly window: string;
  readonly minRows: number;
  readonly cooldownMs: number;
  readonly webhook: string | null;
}

export interface MonitorFiring {
  readonly ruleId: number;
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  readonly rows: number;
  readonly firedAt: string;
  /** Whether its webhook took it; null without one. */
  readonly delivered: boolean | null;
}

export interface MonitorOverview {
  readonly model: string;
  readonly version: number;
  /** Every version of the model, for the picker. */
  readonly versions: readonly number[];
  readonly task: string;
  /** 'serving log' or 'dataset "NAME"'. */
  readonly source: string;
  readonly window: string;
  readonly status: MonitorStatus;
  /** Why the status is what it is, in one line. */
  readonly summary: string;
  readonly rows: number;
  readonly referenceRows: number;
  readonly windows: readonly MonitorWindow[];
  readonly columns: readonly MonitorColumn[];
  readonly prediction: MonitorColumn | null;
  readonly realized: readonly MonitorRealized[];
  /** Reference vs current distribution per input column, in `columns` order. */
  readonly distributions: readonly MonitorDistribution[];
  /** The prediction's reference vs current distribution; null when it is not monitored. */
  readonly predictionDistribution: MonitorDistribution | null;
  /** Per drift window, in `windows` order. */
  readonly quality: readonly MonitorQuality[];
  /** Per serving window of this version, oldest first. */
  readonly operations: readonly MonitorOperations[];
  readonly rules: readonly MonitorRule[];
  readonly history: readonly MonitorFiring[];
  /** How often rules are evaluated while served (0: off). */
  readonly checkEveryMs: number;
  readonly builtAt: string;
}

export interface MonitorOverviewRequest {
  /** NAME or NAME@VERSION (default: the production version, else the latest). */
  readonly model: string;
  /** 1h, 1d, 1w or N predictions (default 1d). */
  readonly window?: string;
}

export interface MonitorRuleRequest {
  readonly model: string;
  /** `METRIC > X` (>=, <, <=). */
  readonly condition: string;
  readonly window: string;
  readonly minRows: number;
  readonly cooldownMs: number;
  readonly webhook?: string | null;
}

/**
 * How close a value is to its threshold, for a heat map's colour: 0 far
 * inside, 1 at the threshold, above 1 past it (drift); null without a verdict.
 * A p-value is read as threshold ÷ p (p = threshold is 1, a p ten times larger 0.1).
 */
export function driftSeverity(c: { readonly compares: 'p-value' | 'statistic'; readonly threshold: number }, cell: { readonly statistic: number | null; readonly pValue?: number; readonly drift: boolean | null }): number | null {
  if (cell.drift === null || cell.statistic === null) return null;
  if (c.compares === 'p-value') return cell.pValue === undefined ? (cell.drift ? 1 : 0) : c.threshold / Math.max(cell.pValue, 1e-300);
  return c.threshold > 0 ? cell.statistic / c.threshold : cell.drift ? 1 : 0;
}

/** A severity's colour: grey (no verdict), green → amber below the threshold, red past it. */
export function severityColor(s: number | null): string {
  if (s === null) return '#d9d9d9';
  if (s >= 1) return s >= 3 ? '#b2182b' : '#ef6548';
  const t = Math.max(0, Math.min(1, s));
  // Green (#1a9850) to amber (#fdae61).
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * t);
  return `rgb(${mix(0x1a, 0xfd)}, ${mix(0x98, 0xae)}, ${mix(0x50, 0x61)})`;
}

/** A statistic or p-value as the page, the report and the CLI print it: 4 decimals, tiny values in exponent form. */
export function formatStatistic(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(2);
}

/** A drift verdict in words. */
export function verdictText(drift: boolean | null): string {
  return drift === null ? 'no verdict' : drift ? 'drift' : 'ok';
}
