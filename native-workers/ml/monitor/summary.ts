/**
 * Per-column summaries, built in one pass and mergeable: a numeric column
 * keeps its count, missing count, min/max and a value sketch (from which the
 * quantile bins, moments, KS and Wasserstein are read); a categorical column
 * keeps its category counts. The same summaries describe a reference and a
 * current window, so a window of any size costs the same memory.
 */
import { SKETCH_CAP, ValueSketch, mergePoints, moments, quantile, type SketchPoints } from './sketch';

export type ColumnKind = 'numeric' | 'categorical';

export interface NumericSummary {
  readonly kind: 'numeric';
  /** Values present. */
  readonly count: number;
  readonly missing: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly sketch: SketchPoints;
  /** Values outside the reference's [min, max], when summarised against one (binner.ts). */
  readonly outsideReference?: number;
}

export interface CategoricalSummary {
  readonly kind: 'categorical';
  readonly count: number;
  readonly missing: number;
  readonly counts: Readonly<Record<string, number>>;
}

export type ColumnSummary = NumericSummary | CategoricalSummary;

/** Empty, null, NaN and non-numbers in a numeric column are missing. */
export function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** One column's summary, fed value by value. */
export class ColumnSummarizer {
  private missing = 0;
  private count = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly sketch: ValueSketch | null;
  // Keyed by the raw value: turning a million numbers into strings costs more than the counting, so keys become text once, in result().
  private readonly counts = new Map<unknown, number>();

  constructor(
    readonly kind: ColumnKind,
    cap: number = SKETCH_CAP,
  ) {
    this.sketch = kind === 'numeric' ? new ValueSketch(cap) : null;
  }

  add(value: unknown): void {
    if (this.sketch) {
      const n = numberOf(value);
      if (n === null) {
        this.missing++;
        return;
      }
      this.count++;
      if (n < this.min) this.min = n;
      if (n > this.max) this.max = n;
      this.sketch.add(n);
      return;
    }
    if (value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) {
      this.missing++;
      return;
    }
    this.count++;
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }

  result(): ColumnSummary {
    if (this.sketch) {
      const points = this.sketch.result();
      const { mean, std } = points.total > 0 ? moments(points) : { mean: NaN, std: NaN };
      return { kind: 'numeric', count: this.count, missing: this.missing, min: this.min, max: this.max, mean, std, sketch: points };
    }
    const counts: Record<string, number> = {};
    for (const [k, v] of this.counts) counts[String(k)] = (counts[String(k)] ?? 0) + v;
    return { kind: 'categorical', count: this.count, missing: this.missing, counts };
  }
}

/** The summary of two windows together. */
export function mergeSummaries(a: ColumnSummary, b: ColumnSummary, cap: number = SKETCH_CAP): ColumnSummary {
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    const s = new ValueSketch(cap);
    s.merge(mergePoints(a.sketch, b.sketch));
    const sketch = s.result();
    const { mean, std } = sketch.total > 0 ? moments(sketch) : { mean: NaN, std: NaN };
    const outside = a.outsideReference !== undefined && b.outsideReference !== undefined ? { outsideReference: a.outsideReference + b.outsideReference } : {};
    return { kind: 'numeric', count: a.count + b.count, missing: a.missing + b.missing, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), mean, std, sketch, ...outside };
  }
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    const counts: Record<string, number> = { ...a.counts };
    for (const [k, v] of Object.entries(b.counts)) counts[k] = (counts[k] ?? 0) + v;
    return { kind: 'categorical', count: a.count + b.count, missing: a.missing + b.missing, counts };
  }
  throw new TypeError('Only summaries of the same kind merge: one is numeric, the other categorical.');
}

/** The reference's bin edges for PSI: its deciles, repeated values dropped. */
export function quantileEdges(s: NumericSummary, bins = 10): number[] {
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const q = quantile(s.sketch, i / bins);
    if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q);
  }
  return edges;
}

/** Shares of a sketch's weight in the bins (−∞, e₁], (e₁, e₂], …, (e_k, ∞). */
export function binShares(s: SketchPoints, edges: readonly number[]): Float64Array {
  const shares = new Float64Array(edges.length + 1);
  let bin = 0;
  for (let i = 0; i < s.values.length; i++) {
    while (bin < edges.length && s.values[i] > edges[bin]) bin++;
    shares[bin] += s.weights[i];
  }
  for (let i = 0; i < shares.length; i++) shares[i] /= s.total;
  return shares;
}
