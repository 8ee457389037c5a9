/**
 * One window's drift verdicts: per column (method, statistic, threshold,
 * verdict), for the predictions, and for the dataset (drifting when at least
 * half of the columns with a verdict drift). A column missing from the
 * current data and a window with too few rows get no verdict and say why.
 */
import { benjaminiHochberg } from './fdr';
import { DEFAULT_THRESHOLDS, P_VALUE_METHODS, defaultMethod, measure, methodMismatch, unseenShare, type DriftMethod } from './methods';
import type { ColumnSummary } from './summary';

export interface ColumnOverride {
  readonly method?: DriftMethod;
  readonly threshold?: number;
}

export interface DriftOptions {
  /** Fewer rows than this in a window: no verdict (default 30). */
  readonly minRows?: number;
  /** Per-column method and threshold. */
  readonly columns?: Readonly<Record<string, ColumnOverride>>;
  /** Adjust the p-values of tested columns with Benjamini–Hochberg before comparing them. */
  readonly fdr?: boolean;
  /** Share of columns that must drift for the dataset to (default 0.5). */
  readonly datasetShare?: number;
  /** Calibrated thresholds on the statistic (see calibrate.ts): drift when the statistic exceeds it, whatever the method. */
  readonly calibrated?: Readonly<Record<string, number>>;
}

export interface ColumnDrift {
  readonly method: DriftMethod;
  /** Null when there is no verdict. */
  readonly statistic: number | null;
  readonly pValue?: number;
  /** The Benjamini–Hochberg adjusted p-value, when asked for. */
  readonly pAdjusted?: number;
  readonly threshold: number;
  /** 'p-value': drift when p < threshold; 'statistic': drift when statistic ≥ threshold (calibrated: >). */
  readonly compares: 'p-value' | 'statistic';
  readonly drift: boolean | null;
  readonly reason?: string;
  readonly rows: number;
  readonly missingRate: number;
  /** Numeric: share of current values outside the reference's [min, max]. */
  readonly outOfRange?: number;
  /** Categorical: share of current values in categories the reference never saw. */
  readonly unseen?: number;
}

export interface DriftReport {
  readonly rows: number;
  readonly datasetDrift: boolean | null;
  readonly driftedColumns: number;
  readonly checkedColumns: number;
  readonly columns: Record<string, ColumnDrift>;
  readonly prediction?: ColumnDrift;
  readonly reason?: string;
}

export const DEFAULT_MIN_ROWS = 30;

/** The verdicts of `current` against `reference`, column by column; `rows` is the window's row count. */
export function checkDrift(
  reference: { readonly columns: Readonly<Record<string, ColumnSummary>>; readonly prediction?: ColumnSummary },
  current: { readonly rows: number; readonly columns: Readonly<Record<string, ColumnSummary>>; readonly prediction?: ColumnSummary },
  options: DriftOptions = {},
): DriftReport {
  const minRows = options.minRows ?? DEFAULT_MIN_ROWS;
  const tooFew = current.rows < minRows ? `Only ${current.rows} rows in this window; a verdict needs at least ${minRows} (use a longer window).` : null;
  const columns: Record<string, ColumnDrift> = {};
  for (const [name, ref] of Object.entries(reference.columns)) {
    columns[name] = columnDrift(name, ref, current.columns[name], tooFew, options);
  }
  if (options.fdr) adjust(columns);
  const prediction =
    reference.prediction && current.prediction ? columnDrift('prediction', reference.prediction, current.prediction, tooFew, options) : undefined;
  const judged = Object.values(columns).filter((c) => c.drift !== null);
  const drifted = judged.filter((c) => c.drift).length;
  const share = options.datasetShare ?? 0.5;
  return {
    rows: current.rows,
    datasetDrift: judged.length === 0 ? null : drifted >= share * judged.length,
    driftedColumns: drifted,
    checkedColumns: judged.length,
    columns,
    ...(prediction ? { prediction } : {}),
    ...(tooFew ? { reason: tooFew } : judged.length === 0 ? { reason: 'No column of the reference is in the current data.' } : {}),
  };
}

function columnDrift(name: string, ref: ColumnSummary, cur: ColumnSummary | undefined, tooFew: string | null, options: DriftOptions): ColumnDrift {
  const override = options.columns?.[name];
  const method = override?.method ?? defaultMethod(ref);
  const mismatch = methodMismatch(name, ref.kind, method);
  if (mismatch) throw new RangeError(mismatch);
  const calibrated = options.calibrated?.[name];
  const threshold = calibrated ?? override?.threshold ?? DEFAULT_THRESHOLDS[method];
  const compares = calibrated === undefined && P_VALUE_METHODS.has(method) ? 'p-value' : 'statistic';
  const base = { method, threshold, compares } as const;
  if (!cur) return { ...base, statistic: null, drift: null, rows: 0, missingRate: 0, reason: `Column ${name} is missing from the current data.` };
  const rows = cur.count + cur.missing;
  const missingRate = rows > 0 ? cur.missing / rows : 0;
  const quality = dataQuality(ref, cur);
  if (tooFew) return { ...base, ...quality, statistic: null, drift: null, rows, missingRate, reason: tooFew };
  if (cur.kind !== ref.kind) {
    return { ...base, ...quality, statistic: null, drift: null, rows, missingRate, reason: `Column ${name} is ${cur.kind} now but was ${ref.kind} in the reference.` };
  }
  if (cur.count === 0 || ref.count === 0) {
    return { ...base, ...quality, statistic: null, drift: null, rows, missingRate, reason: `Column ${name} has no values in the ${ref.count === 0 ? 'reference' : 'current data'}.` };
  }
  const m = measure(method, ref, cur);
  const drift = calibrated !== undefined ? m.statistic > threshold : compares === 'p-value' ? (m.pValue ?? 1) < threshold : m.statistic >= threshold;
  return { ...base, ...quality, statistic: m.statistic, ...(m.pValue !== undefined ? { pValue: m.pValue } : {}), drift, rows, missingRate };
}

function dataQuality(ref: ColumnSummary, cur: ColumnSummary): { outOfRange?: number; unseen?: number } {
  if (ref.kind === 'numeric' && cur.kind === 'numeric') {
    if (cur.count === 0) return { outOfRange: 0 };
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the count a binner kept equals what its sketch gives (values outside sit in the outer gaps); it is just cheaper.
    if (cur.outsideReference !== undefined) return { outOfRange: cur.outsideReference / cur.count };
    let outside = 0;
    const s = cur.sketch;
    for (let i = 0; i < s.values.length; i++) if (s.values[i] < ref.min || s.values[i] > ref.max) outside += s.weights[i];
    return { outOfRange: outside / s.total };
  }
  if (ref.kind === 'categorical' && cur.kind === 'categorical') return { unseen: unseenShare(ref, cur) };
  return {};
}

/** Benjamini–Hochberg across the tested columns; their verdicts compare the adjusted p-value. */
function adjust(columns: Record<string, ColumnDrift>): void {
  const tested = Object.entries(columns).filter(([, c]) => c.pValue !== undefined && c.compares === 'p-value');
  const adjusted = benjaminiHochberg(tested.map(([, c]) => c.pValue ?? 1));
  tested.forEach(([name, c], i) => {
    columns[name] = { ...c, pAdjusted: adjusted[i], drift: adjusted[i] < c.threshold };
  });
}
