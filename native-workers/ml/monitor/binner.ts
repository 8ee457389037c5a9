/**
 * A current window's numeric column summarised against its reference: each
 * value is counted at the reference point it equals or in the gap between
 * two reference points (with the gap's sum). A gap's values are then one
 * point at their mean. Against that reference, KS and the binned statistics
 * (PSI, Jensen–Shannon) are exact, and Wasserstein exact except in a gap where
 * the two CDFs cross; no sort is needed, so a million rows cost one lookup
 * each, and the memory is the reference's size whatever the window's.
 */
import { numberOf, type NumericSummary } from './summary';

/** Grid cells per reference point of the lookup table that finds a value's gap in one or two steps. */
const CELLS_PER_POINT = 4;

/** The lookup of a reference's points, built once and shared by every window binned against it. */
export class BinIndex {
  readonly edges: Float64Array;
  readonly cellStart: Int32Array;
  readonly lo: number;
  readonly scale: number;

  constructor(readonly reference: NumericSummary) {
    this.edges = reference.sketch.values;
    const k = this.edges.length;
    // The table only picks where find() starts: its two loops correct any start in 0…k, so the table's exact shape
    // changes the steps, not the answer.
    const cells = Math.max(1, k * CELLS_PER_POINT);
    this.cellStart = new Int32Array(cells + 1);
    this.lo = k > 0 ? this.edges[0] : 0;
    const span = k > 1 ? this.edges[k - 1] - this.lo : 0;
    this.scale = span > 0 ? cells / span : 0;
    // cellStart[c]: the first edge at or after the cell's lower bound.
    let e = 0;
    for (let c = 0; c <= cells; c++) {
      const bound = this.lo + c / (this.scale || 1);
      while (e < k && this.edges[e] < bound) e++;
      this.cellStart[c] = e;
    }
  }

  /** The index of the first point ≥ value (k when above every point). */
  find(value: number): number {
    const edges = this.edges;
    const k = edges.length;
    if (k === 0 || value < edges[0]) return 0;
    if (value > edges[k - 1]) return k;
    const c = Math.min(this.cellStart.length - 1, Math.floor((value - this.lo) * this.scale));
    let i = this.cellStart[c];
    // Rounding at a cell's border can start one edge late or early.
    while (i > 0 && edges[i - 1] >= value) i--;
    while (edges[i] < value) i++;
    return i;
  }
}

const indexes = new WeakMap<NumericSummary, BinIndex>();

/** The one index of a reference column, however many windows bin against it. */
function indexFor(reference: NumericSummary): BinIndex {
  let index = indexes.get(reference);
  if (!index) {
    index = new BinIndex(reference);
    indexes.set(reference, index);
  }
  return index;
}

export class ReferenceBinner {
  private readonly edges: Float64Array;
  private readonly at: Float64Array;
  private readonly gapCount: Float64Array;
  private readonly gapSum: Float64Array;
  private readonly index: BinIndex;
  private readonly reference: NumericSummary;
  private missing = 0;
  private count = 0;
  private min = Infinity;
  private max = -Infinity;
  private outside = 0;
  // Sums about the reference's mean, so the current std does not lose digits to cancellation.
  private shiftedSum = 0;
  private shiftedSquares = 0;
  private readonly shift: number;

  constructor(reference: NumericSummary | BinIndex) {
    this.index = reference instanceof BinIndex ? reference : indexFor(reference);
    this.reference = this.index.reference;
    this.edges = this.index.edges;
    const k = this.edges.length;
    this.at = new Float64Array(k);
    this.gapCount = new Float64Array(k + 1);
    this.gapSum = new Float64Array(k + 1);
    this.shift = Number.isFinite(this.reference.mean) ? this.reference.mean : 0;
  }

  add(raw: unknown): void {
    // Numbers (the common case) skip numberOf's checks of strings and booleans.
    const value = typeof raw === 'number' ? (Number.isFinite(raw) ? raw : null) : numberOf(raw);
    if (value === null) {
      this.missing++;
      return;
    }
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const ref = this.reference;
    if (value < ref.min || value > ref.max) this.outside++;
    const d = value - this.shift;
    this.shiftedSum += d;
    this.shiftedSquares += d * d;
    const i = this.index.find(value);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end a typed array reads undefined, never equal.
    if (i < this.edges.length && this.edges[i] === value) this.at[i]++;
    else {
      this.gapCount[i]++;
      this.gapSum[i] += value;
    }
  }

  result(): NumericSummary {
    const k = this.edges.length;
    const values = new Float64Array(2 * k + 1);
    const weights = new Float64Array(2 * k + 1);
    let n = 0;
    for (let i = 0; i <= k; i++) {
      if (this.gapCount[i] > 0) {
        // Rounding can put a gap's mean on an edge; keep it inside its gap so the points stay sorted and distinct.
        let mean = this.gapSum[i] / this.gapCount[i];
        if (i > 0 && mean <= this.edges[i - 1]) mean = nextUp(this.edges[i - 1]);
        if (i < k && mean >= this.edges[i]) mean = nextDown(this.edges[i]);
        values[n] = mean;
        weights[n++] = this.gapCount[i];
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: at[k] is undefined, never above 0.
      if (i < k && this.at[i] > 0) {
        values[n] = this.edges[i];
        weights[n++] = this.at[i];
      }
    }
    const sketch = { values: values.slice(0, n), weights: weights.slice(0, n), total: this.count };
    const m = this.shiftedSum / this.count;
    const mean = this.count > 0 ? this.shift + m : NaN;
    const std = this.count > 0 ? Math.sqrt(Math.max(0, this.shiftedSquares / this.count - m * m)) : NaN;
    return { kind: 'numeric', count: this.count, missing: this.missing, min: this.min, max: this.max, mean, std, sketch, outsideReference: this.outside };
  }
}

const buf = new DataView(new ArrayBuffer(8));
function step(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  buf.setFloat64(0, x);
  const bits = buf.getBigInt64(0);
  buf.setBigInt64(0, (x > 0) === up ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}
const nextUp = (x: number): number => step(x, true);
const nextDown = (x: number): number => step(x, false);
