import type { WindowAggregate, WindowAggregation } from '../../../../preload/contract/sensors';
import { windowAggregateName } from '../../../../preload/contract/sensors';

/** What an accumulator must keep: the distinct value fields and which of them need percentiles. */
export interface AggregatePlan {
  /** Value fields, in the order the operator's add() receives them. */
  readonly fields: readonly string[];
  /** Per field: whether a percentile of it is asked (then its values are kept). */
  readonly quantiles: readonly boolean[];
  /** Per aggregate: its op, the index of its field in `fields` (−1: none) and q in [0, 1]. */
  readonly aggregates: readonly { readonly op: WindowAggregate['op']; readonly field: number; readonly q: number }[];
  /** Result column names, aligned with aggregates. */
  readonly names: readonly string[];
}

/** Why an aggregation cannot run, or null: the UI, the CLI and the worker all ask this first. */
export function windowProblems(spec: WindowAggregation): string | null {
  const w = spec.window;
  const positive = (x: number): boolean => Number.isFinite(x) && x > 0;
  if (w.kind === 'session' ? !positive(w.gapSeconds) : !positive(w.sizeSeconds))
    return `Window "${spec.name}": its ${w.kind === 'session' ? 'gap' : 'size'} must be a positive number of seconds.`;
  if (w.kind === 'sliding' && !(positive(w.slideSeconds) && w.slideSeconds <= w.sizeSeconds))
    return `Window "${spec.name}": the slide must be positive and at most the size (${w.sizeSeconds} s).`;
  if (w.kind === 'sliding' && w.sizeSeconds / w.slideSeconds > 1000)
    return `Window "${spec.name}": size / slide is over 1,000 windows per event; use a longer slide.`;
  if (spec.aggregates.length === 0) return `Window "${spec.name}": add at least one aggregate (count, sum, mean, min, max, pNN).`;
  for (const a of spec.aggregates) {
    if (a.op !== 'count' && !a.field) return `Window "${spec.name}": ${a.op} needs a field.`;
    if (a.op === 'percentile' && !(a.percentile !== undefined && a.percentile >= 0 && a.percentile <= 100))
      return `Window "${spec.name}": a percentile must be between 0 and 100.`;
  }
  for (const s of [spec.outOfOrderSeconds, spec.allowedLatenessSeconds])
    if (s !== undefined && !(Number.isFinite(s) && s >= 0)) return `Window "${spec.name}": out-of-orderness and lateness are seconds ≥ 0.`;
  const names = planAggregates(spec.aggregates).names;
  const dup = names.find((n, i) => names.indexOf(n) !== i || spec.groupBy.includes(n));
  if (dup) return `Window "${spec.name}": two result columns would both be called "${dup}".`;
  return null;
}

export function planAggregates(aggregates: readonly WindowAggregate[]): AggregatePlan {
  const fields: string[] = [];
  const quantiles: boolean[] = [];
  const planned = aggregates.map((a) => {
    let field = -1;
    if (a.field) {
      field = fields.indexOf(a.field);
      if (field < 0) {
        field = fields.length;
        fields.push(a.field);
        quantiles.push(false);
      }
      if (a.op === 'percentile') quantiles[field] = true;
    }
    return { op: a.op, field, q: (a.percentile ?? 50) / 100 };
  });
  return { fields, quantiles, aggregates: planned, names: aggregates.map(windowAggregateName) };
}

/**
 * Fields an aggregation names that the stream will not have: `available` are the stream's fields
 * and pipeline outputs, `enriched` the columns the enrichment adds. Null when all are there.
 */
export function windowFieldProblems(spec: WindowAggregation, available: readonly string[], enriched: readonly string[] = []): string | null {
  const have = new Set([...available, ...enriched]);
  const named = [spec.timeField, ...spec.groupBy, ...spec.aggregates.map((a) => a.field), spec.enrich?.on].filter((f): f is string => f !== undefined);
  const missing = [...new Set(named.filter((f) => !have.has(f)))];
  if (missing.length === 0) return null;
  return `Window "${spec.name}": no field ${missing.map((f) => `"${f}"`).join(', ')}; the stream has ${[...have].join(', ')}.`;
}
