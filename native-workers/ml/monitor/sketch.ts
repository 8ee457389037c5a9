/**
 * A mergeable, bounded summary of a numeric column's values: sorted points
 * with weights. Up to `cap` distinct values it is the exact empirical
 * distribution (so KS and Wasserstein on it equal SciPy's on the raw data);
 * beyond that it is resampled at evenly spaced quantiles, each resampling
 * moving the CDF by at most 1/cap. Raw values are buffered and folded in
 * four caps at a time, so a million rows cost a few sorts of 200k values.
 */

/** The points of a sketch: sorted distinct values, their weights, the total weight (the count of values summarised). */
export interface SketchPoints {
  readonly values: Float64Array;
  readonly weights: Float64Array;
  readonly total: number;
}

/** The default number of points a sketch keeps. */
export const SKETCH_CAP = 50_000;

export class ValueSketch {
  private buffer: Float64Array;
  private buffered = 0;
  private points: SketchPoints = { values: new Float64Array(0), weights: new Float64Array(0), total: 0 };

  constructor(private readonly cap: number = SKETCH_CAP) {
    this.buffer = new Float64Array(Math.max(16, Math.min(cap * 4, 1 << 16)));
  }

  add(value: number): void {
    if (this.buffered === this.buffer.length) {
      if (this.buffer.length < this.cap * 4) {
        const grown = new Float64Array(Math.min(this.buffer.length * 2, this.cap * 4));
        grown.set(this.buffer);
        this.buffer = grown;
      } else this.flush();
    }
    this.buffer[this.buffered++] = value;
  }

  /** Folds another sketch's points in (summaries of two windows make the summary of both). */
  merge(other: SketchPoints): void {
    this.flush();
    this.points = compact(mergePoints(this.points, other), this.cap);
  }

  /** The points so far (the sketch stays usable). */
  result(): SketchPoints {
    this.flush();
    return this.points;
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const sorted = this.buffer.slice(0, this.buffered).sort();
    this.buffered = 0;
    this.points = compact(mergePoints(this.points, collapse(sorted)), this.cap);
  }
}

/** A sketch of the given values (tests, calibration chunks). */
export function sketchOf(values: ArrayLike<number>, cap: number = SKETCH_CAP): SketchPoints {
  const s = new ValueSketch(cap);
  for (let i = 0; i < values.length; i++) s.add(values[i]);
  return s.result();
}

/** Sorted values → distinct values with their counts. */
function collapse(sorted: Float64Array): SketchPoints {
  const values = new Float64Array(sorted.length);
  const weights = new Float64Array(sorted.length);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (n > 0 && values[n - 1] === sorted[i]) weights[n - 1] += 1;
    else {
      values[n] = sorted[i];
      weights[n++] = 1;
    }
  }
  return { values: values.subarray(0, n), weights: weights.subarray(0, n), total: sorted.length };
}

/** Two sorted point sets → one, equal values joined. */
export function mergePoints(a: SketchPoints, b: SketchPoints): SketchPoints {
  const values = new Float64Array(a.values.length + b.values.length);
  const weights = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.values.length || j < b.values.length) {
    let v: number;
    let w: number;
    if (j >= b.values.length || (i < a.values.length && a.values[i] < b.values[j])) {
      v = a.values[i];
      w = a.weights[i++];
    } else {
      v = b.values[j];
      w = b.weights[j++];
    }
    if (n > 0 && values[n - 1] === v) weights[n - 1] += w;
    else {
      values[n] = v;
      weights[n++] = w;
    }
  }
  return { values: values.subarray(0, n), weights: weights.subarray(0, n), total: a.total + b.total };
}

/** At most `cap` points: the values at the midpoints of `cap` equal slices of the weight. */
function compact(p: SketchPoints, cap: number): SketchPoints {
  if (p.values.length <= cap) return p;
  const step = p.total / cap;
  const values = new Float64Array(cap);
  const weights = new Float64Array(cap);
  let n = 0;
  let cum = 0;
  let i = 0;
  for (let k = 0; k < cap; k++) {
    const target = (k + 0.5) * step;
    while (i < p.values.length - 1 && cum + p.weights[i] < target) cum += p.weights[i++];
    const v = p.values[i];
    if (n > 0 && values[n - 1] === v) weights[n - 1] += step;
    else {
      values[n] = v;
      weights[n++] = step;
    }
  }
  return { values: values.slice(0, n), weights: weights.slice(0, n), total: p.total };
}

/** The smallest value whose cumulative weight reaches q of the total (numpy's 'inverted_cdf' quantile). */
export function quantile(p: SketchPoints, q: number): number {
  const target = q * p.total;
  let cum = 0;
  for (let i = 0; i < p.values.length; i++) {
    cum += p.weights[i];
    if (cum >= target - 1e-9 * p.total) return p.values[i];
  }
  return p.values[p.values.length - 1];
}

/** Weighted mean and population standard deviation (numpy's std, ddof 0). */
export function moments(p: SketchPoints): { mean: number; std: number } {
  let mean = 0;
  for (let i = 0; i < p.values.length; i++) mean += p.values[i] * p.weights[i];
  mean /= p.total;
  let ss = 0;
  for (let i = 0; i < p.values.length; i++) ss += p.weights[i] * (p.values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / p.total) };
}
