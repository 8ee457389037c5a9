/**
 * Alert rules and their pure evaluator. A rule watches one metric of a model
 * (`accuracy < 0.8`, `p99_ms > 50`, `missing_rate:age > 0.2`, or a drift metric
 * from the drift checks) over a window; it fires for a window whose value
 * crosses the threshold, only when the window holds at least `minRows` rows,
 * and not again within `cooldownMs` of its last firing.
 */
export type Comparison = '>' | '>=' | '<' | '<=';

export interface AlertRule {
  readonly id: number;
  readonly metric: string;
  readonly op: Comparison;
  readonly threshold: number;
  /** parseWindow text (1d, 6h, 500…). */
  readonly window: string;
  readonly minRows: number;
  readonly cooldownMs: number;
}

/** One window's metric values and rows, as the evaluator sees it. */
export interface MetricWindow {
  readonly start: number;
  readonly end: number;
  readonly rows: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Rows behind particular metrics when not `rows` (realized performance counts labelled predictions only). */
  readonly rowsByMetric?: Readonly<Record<string, number>>;
}

export interface FiredAlert {
  readonly ruleId: number;
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  readonly op: Comparison;
  readonly start: number;
  readonly end: number;
  readonly rows: number;
  /** When it fired: the window's end, or `now` for the window still open. */
  readonly at: number;
}

/** Why a rule did not fire for a window (for `--json` and the history). */
export interface QuietRule {
  readonly ruleId: number;
  readonly start: number;
  readonly reason: 'no value' | 'too few rows' | 'within threshold' | 'cooling down';
  readonly detail: string;
}

/** `METRIC > X` (also >=, <, <=): the metric's name and the comparison, or a RangeError saying how to write it. */
export function parseCondition(text: string): { metric: string; op: Comparison; threshold: number } {
  // After a colon comes a column's name, which may hold spaces (`drift:mean texture > 0.1`).
  const m = /^\s*([A-Za-z_][\w.-]*(?::[^<>=]*[^<>=\s])?)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a rule: write METRIC > NUMBER (or >=, <, <=), e.g. 'accuracy < 0.8', 'p99_ms > 50' or 'drift:COLUMN > 0.1'.`);
  return { metric: m[1]!, op: m[2] as Comparison, threshold: Number(m[3]) };
}

export function crosses(value: number, op: Comparison, threshold: number): boolean {
  return op === '>' ? value > threshold : op === '>=' ? value >= threshold : op === '<' ? value < threshold : value <= threshold;
}

/**
 * Evaluates each rule over its windows (oldest first). `lastFired` holds each
 * rule's last firing time before these windows; firings here count toward
 * cooldown for the windows after them.
 */
export function evaluateAlerts(
  rules: readonly AlertRule[],
  windowsFor: (rule: AlertRule) => readonly MetricWindow[],
  lastFired: ReadonlyMap<number, number>,
  now: number,
): { fired: FiredAlert[]; quiet: QuietRule[] } {
  const fired: FiredAlert[] = [];
  const quiet: QuietRule[] = [];
  for (const rule of rules) {
    let last = lastFired.get(rule.id);
    for (const w of windowsFor(rule)) {
      const value = w.metrics[rule.metric];
      const rows = w.rowsByMetric?.[rule.metric] ?? w.rows;
      const at = Math.min(w.end, now);
      const hush = (reason: QuietRule['reason'], detail: string): void => void quiet.push({ ruleId: rule.id, start: w.start, reason, detail });
      if (value === undefined || !Number.isFinite(value)) hush('no value', `${rule.metric} has no value in this window.`);
      else if (rows < rule.minRows) hush('too few rows', `${rows} rows; the rule needs at least ${rule.minRows}.`);
      else if (!crosses(value, rule.op, rule.threshold)) hush('within threshold', `${rule.metric} = ${value}, not ${rule.op} ${rule.threshold}.`);
      else if (last !== undefined && at - last < rule.cooldownMs) hush('cooling down', `fired ${Math.round((at - last) / 1000)} s before; cooldown ${Math.round(rule.cooldownMs / 1000)} s.`);
      else {
        fired.push({ ruleId: rule.id, metric: rule.metric, value, threshold: rule.threshold, op: rule.op, start: w.start, end: w.end, rows, at });
        last = at;
      }
    }
  }
  return { fired, quiet };
}
