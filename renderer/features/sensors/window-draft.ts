import { windowAggregateName, type WindowAggregate, type WindowAggregation, type WindowRow } from '../../../preload/contract';

export const windowOps = ['count', 'sum', 'mean', 'min', 'max', 'p50', 'p95', 'p99'] as const;
export type WindowOp = (typeof windowOps)[number];

/** The small "add a window" form, as typed. */
export interface WindowForm {
  readonly name: string;
  readonly kind: 'tumbling' | 'sliding' | 'session';
  /** Seconds: the size (tumbling, sliding) or the gap (session). */
  readonly size: string;
  /** Seconds, sliding only. */
  readonly slide: string;
  /** '' = no key. */
  readonly groupBy: string;
  /** '' = arrival time. */
  readonly timeField: string;
  readonly outOfOrder: string;
  /** The field the aggregates (but count) are of. */
  readonly field: string;
  readonly ops: readonly WindowOp[];
  /** Enrichment: '' = none, else the id of the dataset joined by key. */
  readonly enrichDataset: string;
  /** The event's field looked up … */
  readonly enrichOn: string;
  /** … in this column of the dataset. */
  readonly enrichKey: string;
}

export function defaultWindowForm(fields: readonly string[], taken: number): WindowForm {
  return { name: `window ${taken + 1}`, kind: 'tumbling', size: '60', slide: '10', groupBy: '', timeField: '', outOfOrder: '0', field: fields[0] ?? '', ops: ['count', 'mean', 'max', 'p95'], enrichDataset: '', enrichOn: '', enrichKey: '' };
}

const seconds = (s: string): number => (s.trim() === '' ? NaN : Number(s));

/** The aggregation the form describes, or what to fix first. */
export function windowFromForm(form: WindowForm, existing: readonly string[]): { readonly spec: WindowAggregation } | { readonly problem: string } {
  const name = form.name.trim();
  if (!name) return { problem: 'Name the window: it names its results dataset.' };
  if (existing.includes(name)) return { problem: `A window is already called "${name}".` };
  const size = seconds(form.size);
  if (!(size > 0)) return { problem: `The ${form.kind === 'session' ? 'gap' : 'size'} must be a positive number of seconds.` };
  const slide = seconds(form.slide);
  if (form.kind === 'sliding' && !(slide > 0 && slide <= size)) return { problem: 'The slide must be positive and at most the size.' };
  const ooo = seconds(form.outOfOrder);
  if (!(ooo >= 0)) return { problem: 'Out-of-order is seconds ≥ 0.' };
  if (form.ops.length === 0) return { problem: 'Pick at least one aggregate.' };
  if (form.ops.some((o) => o !== 'count') && !form.field) return { problem: 'Pick the field to aggregate.' };
  if (form.enrichDataset && (!form.enrichOn || !form.enrichKey)) return { problem: 'Enrichment: pick the event field and the dataset column it matches.' };
  const aggregates = form.ops.map((op): WindowAggregate => {
    if (op === 'count') return { op };
    if (op.startsWith('p')) return { op: 'percentile', field: form.field, percentile: Number(op.slice(1)) };
    return { op: op as WindowAggregate['op'], field: form.field };
  });
  return {
    spec: {
      name,
      window: form.kind === 'session' ? { kind: 'session', gapSeconds: size } : form.kind === 'sliding' ? { kind: 'sliding', sizeSeconds: size, slideSeconds: slide } : { kind: 'tumbling', sizeSeconds: size },
      groupBy: form.groupBy ? [form.groupBy] : [],
      aggregates,
      ...(form.timeField ? { timeField: form.timeField } : {}),
      ...(ooo > 0 ? { outOfOrderSeconds: ooo } : {}),
      ...(form.enrichDataset ? { enrich: { datasetId: Number(form.enrichDataset), on: form.enrichOn, key: form.enrichKey } } : {}),
    },
  };
}

/** "tumbling 60 s by site: count, mean_x, p95_x" */
export function describeWindow(w: WindowAggregation, datasetName: (id: number) => string | undefined = () => undefined): string {
  const shape = w.window.kind === 'session' ? `session gap ${w.window.gapSeconds} s` : w.window.kind === 'sliding' ? `sliding ${w.window.sizeSeconds} s every ${w.window.slideSeconds} s` : `tumbling ${w.window.sizeSeconds} s`;
  const joined = w.enrich ? (datasetName(w.enrich.datasetId) ?? `dataset ${w.enrich.datasetId}`) : '';
  const enrich = w.enrich ? `, joined with ${joined} on ${w.enrich.on} = ${w.enrich.key}` : '';
  return `${shape}${w.groupBy.length ? ` by ${w.groupBy.join(', ')}` : ''}${enrich}: ${w.aggregates.map(windowAggregateName).join(', ')}`;
}

const rowId = (r: WindowRow): string => `${r.window}|${r.start}|${JSON.stringify(r.key)}`;

/** The newest `limit` window rows, a later revision replacing its row; newest window first. */
export function mergeLatest(rows: readonly WindowRow[], incoming: readonly WindowRow[], limit = 50): WindowRow[] {
  const byId = new Map(rows.map((r) => [rowId(r), r]));
  for (const r of incoming) {
    for (const start of r.replaces ?? []) byId.delete(rowId({ ...r, start }));
    byId.set(rowId(r), r);
  }
  return [...byId.values()].sort((a, b) => b.end - a.end || a.window.localeCompare(b.window) || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key))).slice(0, limit);
}
