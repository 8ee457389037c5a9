/**
 * A model version's reference: summaries of its training inputs and of its
 * predictions on validation, optionally the isotonic calibration CBPE uses,
 * and the test metrics at registration. Built in one pass over rows; the
 * same builder summarises a current window.
 */
import type { IsotonicCalibration } from './cbpe';
import { decodeSummary, encodeSummary, type StoredSummary } from './codec';
import { ReferenceBinner } from './binner';
import { ColumnSummarizer, type ColumnKind, type ColumnSummary } from './summary';

/** Points a stored reference keeps per numeric column: KS and Wasserstein move by at most 1/10,000 from the full data's. */
export const REFERENCE_CAP = 10_000;

export interface Reference {
  readonly rows: number;
  readonly columns: Readonly<Record<string, ColumnSummary>>;
  readonly prediction?: ColumnSummary;
  /** For binary classifiers: the decision threshold and the score calibration of CBPE. */
  readonly cbpe?: { readonly threshold: number; readonly calibration: IsotonicCalibration };
  readonly metrics?: Readonly<Record<string, number>>;
}

export interface StoredReference {
  readonly format: 1;
  readonly rows: number;
  readonly columns: Record<string, StoredSummary>;
  readonly prediction?: StoredSummary;
  readonly cbpe?: Reference['cbpe'];
  readonly metrics?: Reference['metrics'];
}

interface Summarizer {
  add(value: unknown): void;
  result(): ColumnSummary;
}

/** Numeric columns against a reference are binned on its points (binner.ts); others sketched. */
function summarizer(kind: ColumnKind, reference: ColumnSummary | undefined, cap: number | undefined): Summarizer {
  if (kind === 'numeric' && reference?.kind === 'numeric' && reference.count > 0) return new ReferenceBinner(reference);
  return new ColumnSummarizer(kind, cap);
}

/**
 * Summarises rows column by column (rows as arrays in `columns`' order): a
 * reference when `against` is absent, a current window when it is given.
 */
export class WindowSummarizer {
  private rows = 0;
  private readonly summarizers: Summarizer[];
  // The same summarizers split by class, so each hot loop calls one kind of add (V8 inlines a monomorphic call).
  private readonly binners: { readonly at: number; readonly s: ReferenceBinner }[] = [];
  private readonly others: { readonly at: number; readonly s: ColumnSummarizer }[] = [];
  private readonly prediction: Summarizer | null;

  constructor(
    readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[],
    predictionKind: ColumnKind | null,
    options: { readonly cap?: number; readonly against?: Reference } = {},
  ) {
    this.summarizers = columns.map((c) => summarizer(c.kind, options.against?.columns[c.name], options.cap));
    this.summarizers.forEach((s, at) => {
      if (s instanceof ReferenceBinner) this.binners.push({ at, s });
      else if (s instanceof ColumnSummarizer) this.others.push({ at, s });
    });
    this.prediction = predictionKind ? summarizer(predictionKind, options.against?.prediction, options.cap) : null;
  }

  add(values: readonly unknown[], prediction?: unknown): void {
    this.rows++;
    for (let i = 0; i < this.binners.length; i++) this.binners[i].s.add(values[this.binners[i].at]);
    for (let i = 0; i < this.others.length; i++) this.others[i].s.add(values[this.others[i].at]);
    if (this.prediction && prediction !== undefined) this.prediction.add(prediction);
  }

  result(): { rows: number; columns: Record<string, ColumnSummary>; prediction?: ColumnSummary } {
    const columns: Record<string, ColumnSummary> = {};
    this.columns.forEach((c, i) => {
      columns[c.name] = this.summarizers[i].result();
    });
    return { rows: this.rows, columns, ...(this.prediction ? { prediction: this.prediction.result() } : {}) };
  }
}

export function encodeReference(r: Reference): StoredReference {
  const columns: Record<string, StoredSummary> = {};
  for (const [k, v] of Object.entries(r.columns)) columns[k] = encodeSummary(v);
  return {
    format: 1,
    rows: r.rows,
    columns,
    ...(r.prediction ? { prediction: encodeSummary(r.prediction) } : {}),
    ...(r.cbpe ? { cbpe: r.cbpe } : {}),
    ...(r.metrics ? { metrics: r.metrics } : {}),
  };
}

export function decodeReference(s: StoredReference): Reference {
  const columns: Record<string, ColumnSummary> = {};
  for (const [k, v] of Object.entries(s.columns)) columns[k] = decodeSummary(v);
  return {
    rows: s.rows,
    columns,
    ...(s.prediction ? { prediction: decodeSummary(s.prediction) } : {}),
    ...(s.cbpe ? { cbpe: s.cbpe } : {}),
    ...(s.metrics ? { metrics: s.metrics } : {}),
  };
}
