import type { Cell, ColumnProfile, ColumnType, HistogramBin, TopValue } from '../../preload/contract/types';

const topValueCount = 10;
const maxBins = 50;

/**
 * Accumulates one column's statistics in a single pass. Numeric values are
 * kept in a growable Float64Array (8 bytes a row) so that distinct counts and
 * histograms are exact; text values are counted in a Map.
 */
export class ColumnAccumulator {
  private readonly name: string;
  private readonly type: ColumnType;
  private numbers = new Float64Array(1024);
  private n = 0;
  private missing = 0;
  private count = 0;
  private readonly counts = new Map<string, number>();

  constructor(name: string, type: ColumnType) {
    this.name = name;
    this.type = type;
  }

  push(value: Cell): void {
    this.count++;
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) {
      this.missing++;
      return;
    }
    if ((this.type === 'integer' || this.type === 'number' || this.type === 'boolean') && typeof value === 'number') {
      if (this.n === this.numbers.length) {
        const grown = new Float64Array(this.numbers.length * 2);
        grown.set(this.numbers);
        this.numbers = grown;
      }
      this.numbers[this.n++] = value;
    }
    // Every type but integer and number is profiled by its values' counts (dates, categories, ids as text).
    if (this.type !== 'integer' && this.type !== 'number') {
      const key = this.type === 'boolean' ? (value === 1 ? 'true' : value === 0 ? 'false' : String(value)) : String(value);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  result(): ColumnProfile {
    const numeric = this.type === 'integer' || this.type === 'number';
    const values = this.numbers.subarray(0, this.n);
    if (!numeric) {
      return {
        name: this.name,
        type: this.type,
        count: this.count,
        missing: this.missing,
        distinct: this.counts.size,
        min: null,
        max: null,
        mean: null,
        std: null,
        histogram: [],
        topValues: topValues(this.counts),
      };
    }
    const stats = describe(values);
    return {
      name: this.name,
      type: this.type,
      count: this.count,
      missing: this.missing,
      distinct: distinctCount(values),
      ...stats,
      histogram: histogram(values, binCount(values.length)),
      topValues: [],
    };
  }
}

/** Mean and sample standard deviation by Welford's method (numerically stable). */
export function describe(values: Float64Array): { min: number | null; max: number | null; mean: number | null; std: number | null } {
  if (values.length === 0) return { min: null, max: null, mean: null, std: null };
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max, mean, std: values.length > 1 ? Math.sqrt(m2 / (values.length - 1)) : null };
}

export function distinctCount(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let distinct = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/** Sturges' rule, capped: enough bins to show a shape without noise. */
export function binCount(n: number): number {
  return n === 0 ? 0 : Math.min(maxBins, Math.ceil(Math.log2(n)) + 1);
}

/**
 * Equal-width bins over [min, max], the last bin closed on the right: the
 * same counts as numpy.histogram(values, bins).
 */
export function histogram(values: Float64Array, bins: number): HistogramBin[] {
  if (values.length === 0 || bins === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) {
    // numpy widens a zero-width range to [v - 0.5, v + 0.5].
    min -= 0.5;
    max += 0.5;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + ((max - min) * i) / bins);
  edges[bins] = max;
  const counts = new Array<number>(bins).fill(0);
  const scale = bins / (max - min);
  for (const v of values) {
    let b = Math.floor((v - min) * scale);
    if (b >= bins) b = bins - 1;
    // Correct float rounding at the edges, as numpy does.
    if (b > 0 && v < edges[b]) b--;
    else if (b < bins - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  return counts.map((count, i) => ({ x0: edges[i], x1: edges[i + 1], count }));
}

function topValues(counts: Map<string, number>): TopValue[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topValueCount)
    .map(([value, count]) => ({ value, count }));
}
