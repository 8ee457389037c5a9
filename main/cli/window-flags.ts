import type { WindowAggregate, WindowAggregation, WindowShape } from '../../preload/contract/sensors';
import { windowProblems } from '../../native-workers/ml/stream/windows';
import { UsageError } from './common';

/** `assay record`'s windowed-aggregation flags (parseArgs options). */
export const windowOptions = {
  window: { type: 'string' },
  'group-by': { type: 'string', multiple: true },
  agg: { type: 'string', multiple: true },
  'time-field': { type: 'string' },
  'out-of-order': { type: 'string' },
  lateness: { type: 'string' },
  late: { type: 'string' },
  'window-name': { type: 'string' },
  enrich: { type: 'string' },
} as const;

export const windowUsage = `               [--window tumbling:60s|sliding:60s/10s|session:30s --agg count,mean:COL,p95:COL,...
                [--group-by COL[,COL]] [--time-field COL] [--out-of-order 5s] [--lateness 30s] [--late keep|drop]
                [--window-name NAME] [--enrich DATASET:FIELD=COLUMN]]
      --window aggregates by event time (--time-field, ms or s since epoch; else arrival time), per
      --group-by key: count, sum, mean, min, max, pNN of a field; results go to the dataset
      "<stream> · <window name>", events later than --lateness to "… · late" (--late keep, the default);
      --enrich joins a stored dataset (name or id) to each event where FIELD equals its COLUMN, adding
      its other columns, which --group-by and --agg may then name`;

/** --enrich as given, the dataset not yet looked up (that needs the open project). */
export interface EnrichFlag {
  readonly dataset: string;
  readonly on: string;
  readonly key: string;
}

/** Reads --enrich DATASET:FIELD=COLUMN; the dataset may hold ':' (its name), so the last one splits. */
export function enrichFromFlag(text: string | undefined): EnrichFlag | null {
  if (text === undefined) return null;
  const at = text.lastIndexOf(':');
  const [on = '', key = ''] = at > 0 ? text.slice(at + 1).split('=', 2) : [];
  if (at <= 0 || !on.trim() || !key.trim()) throw new UsageError(`--enrich takes DATASET:FIELD=COLUMN, e.g. --enrich sites:site=site_id (got "${text}")`);
  return { dataset: text.slice(0, at).trim(), on: on.trim(), key: key.trim() };
}

/** The dataset --enrich names, by name or id, among the project's ready datasets; a usage error lists them otherwise. */
export function resolveEnrich(flag: EnrichFlag, datasets: readonly { readonly id: number; readonly name: string; readonly status: string }[]): { datasetId: number; on: string; key: string } {
  const ready = datasets.filter((d) => d.status === 'ready');
  const found = ready.find((d) => d.name === flag.dataset) ?? ready.find((d) => String(d.id) === flag.dataset);
  if (!found) throw new UsageError(`--enrich: no dataset "${flag.dataset}" in this project; its datasets are ${ready.map((d) => `"${d.name}" (${d.id})`).join(', ') || 'none (import one first)'}`);
  return { datasetId: found.id, on: flag.on, key: flag.key };
}

type Flags = Partial<Record<keyof typeof windowOptions, string | string[] | boolean | undefined>>;

/** "60s", "1.5m", "500ms", "2h" or a bare number of seconds → seconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes a duration such as 60s, 1.5m, 500ms or 2h (got "${text}")`);
  const scale = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1;
  return Number(m[1]) * scale;
}

function parseShape(text: string): WindowShape {
  const [kind, rest = ''] = text.split(':', 2);
  if (kind === 'tumbling') return { kind, sizeSeconds: parseDuration('--window tumbling:SIZE', rest) };
  if (kind === 'session') return { kind, gapSeconds: parseDuration('--window session:GAP', rest) };
  if (kind === 'sliding') {
    const [size, slide] = rest.split('/');
    if (slide === undefined) throw new UsageError('--window sliding:SIZE/SLIDE, e.g. sliding:60s/10s');
    return { kind, sizeSeconds: parseDuration('--window sliding:SIZE', size), slideSeconds: parseDuration('--window sliding:…/SLIDE', slide) };
  }
  throw new UsageError(`--window is tumbling:SIZE, sliding:SIZE/SLIDE or session:GAP (got "${text}")`);
}

function parseAggregate(text: string): WindowAggregate {
  const [op, field] = text.split(':', 2);
  const p = /^p(\d+(?:\.\d+)?)$/.exec(op);
  if (p) {
    if (!field) throw new UsageError(`--agg ${op} needs a field: ${op}:COL`);
    return { op: 'percentile', field, percentile: Number(p[1]) };
  }
  if (op !== 'count' && op !== 'sum' && op !== 'mean' && op !== 'min' && op !== 'max')
    throw new UsageError(`--agg takes count, sum, mean, min, max or pNN (e.g. p95), each :COL (got "${op}")`);
  return field ? { op, field } : { op };
}

const list = (v: string | string[] | boolean | undefined): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

/** The aggregation the flags declare, or null without --window; refuses half-given or invalid ones. */
export function windowFromFlags(values: Flags): WindowAggregation | null {
  const text = typeof values.window === 'string' ? values.window : undefined;
  const aggs = list(values.agg);
  if (text === undefined) {
    const stray = (['agg', 'group-by', 'time-field', 'out-of-order', 'lateness', 'late', 'window-name', 'enrich'] as const).find((k) => values[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --window`);
    return null;
  }
  if (aggs.length === 0) throw new UsageError('--window needs --agg, e.g. --agg count,mean:temperature,p95:temperature');
  const late = values.late;
  if (late !== undefined && late !== 'keep' && late !== 'drop') throw new UsageError('--late is keep or drop');
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const timeField = str(values['time-field']);
  const ooo = str(values['out-of-order']);
  const lateness = str(values.lateness);
  const spec: WindowAggregation = {
    name: str(values['window-name']) ?? text,
    window: parseShape(text),
    groupBy: list(values['group-by']),
    aggregates: aggs.map(parseAggregate),
    ...(timeField ? { timeField } : {}),
    ...(ooo ? { outOfOrderSeconds: parseDuration('--out-of-order', ooo) } : {}),
    ...(lateness ? { allowedLatenessSeconds: parseDuration('--lateness', lateness) } : {}),
    ...(late ? { late } : {}),
  };
  const problem = windowProblems(spec);
  if (problem) throw new UsageError(problem);
  return spec;
}
