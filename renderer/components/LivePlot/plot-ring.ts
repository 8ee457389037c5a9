/**
 * The points of one live plot: a time column and a fixed number of value
 * columns in typed arrays twice the capacity long. Appends write past the end;
 * when the end is reached the live half is moved to the front once
 * (copyWithin), so the rows are always contiguous and in time order. A draw
 * reads them in place, without copying or allocating per point. Gaps (null)
 * are stored as NaN.
 */
export class PlotRing {
  readonly capacity: number;
  readonly columns: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array[];
  private start = 0;
  private end = 0;

  constructor(capacity: number, columns: number) {
    if (!(capacity > 0) || !(columns >= 0)) throw new RangeError('PlotRing needs a positive capacity and zero or more columns');
    this.capacity = Math.floor(capacity);
    this.columns = Math.floor(columns);
    this.times = new Float64Array(2 * this.capacity);
    this.values = Array.from({ length: this.columns }, () => new Float64Array(2 * this.capacity));
  }

  get length(): number {
    return this.end - this.start;
  }

  get newest(): number | null {
    return this.end > this.start ? (this.times[this.end - 1] ?? null) : null;
  }

  get oldest(): number | null {
    return this.end > this.start ? (this.times[this.start] ?? null) : null;
  }

  clear(): void {
    this.start = 0;
    this.end = 0;
  }

  /** Appends rows aligned with `t` (in time order, after what is held); a missing column gets gaps. The oldest rows go when full. */
  append(t: ArrayLike<number>, columns: readonly (ArrayLike<number | null> | undefined)[]): void {
    for (let i = 0; i < t.length; i++) {
      if (this.end === this.times.length) this.compact();
      const at = this.end++;
      this.times[at] = t[i] ?? NaN;
      for (let c = 0; c < this.columns; c++) {
        const v = columns[c]?.[i];
        (this.values[c] as Float64Array)[at] = v === null || v === undefined ? NaN : v;
      }
      if (this.end - this.start > this.capacity) this.start++;
    }
  }

  private compact(): void {
    const n = this.end - this.start;
    this.times.copyWithin(0, this.start, this.end);
    for (const col of this.values) col.copyWithin(0, this.start, this.end);
    this.start = 0;
    this.end = n;
  }

  /** First physical index in [start, end) whose time is >= t (> t when `after`). */
  private bound(t: number, after: boolean): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.times[mid] ?? NaN;
      if (x < t || (after && x === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The rows with from <= t <= to, as views into the ring (valid until the next append). */
  slice(from: number, to: number): { readonly t: Float64Array; readonly columns: readonly Float64Array[] } {
    const a = this.bound(from, false);
    const b = Math.max(a, this.bound(to, true));
    return { t: this.times.subarray(a, b), columns: this.values.map((col) => col.subarray(a, b)) };
  }

  /** The value of column `c` at the row nearest in time to `t`, or null (no rows, or a gap there). */
  valueNear(t: number, c: number): number | null {
    if (this.end === this.start) return null;
    const i = this.bound(t, false);
    const prev = Math.max(this.start, i - 1);
    const next = Math.min(this.end - 1, i);
    const pick = Math.abs((this.times[prev] ?? Infinity) - t) <= Math.abs((this.times[next] ?? Infinity) - t) ? prev : next;
    const v = this.values[c]?.[pick] ?? NaN;
    return Number.isNaN(v) ? null : v;
  }
}

/** uPlot's aligned data: one time column, then each series' values (null for a gap). */
export type AlignedColumns = [number[], ...(number | null)[][]];

/**
 * Rows for drawing, at most about 2 × `buckets`: under 3 × buckets rows as
 * they are; above that, per equal-time bucket its first and last time with
 * each column's minimum and maximum in the order they occurred, so spikes
 * survive and every series keeps the shared time column uPlot needs.
 */
export function alignedBuckets(t: Float64Array, columns: readonly Float64Array[], buckets: number): AlignedColumns {
  const n = t.length;
  const out: AlignedColumns = [[], ...columns.map((): (number | null)[] => [])];
  const [times, ...ys] = out;
  const nullable = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);
  if (n <= buckets * 3 || buckets < 1) {
    for (let i = 0; i < n; i++) times.push(t[i] ?? NaN);
    columns.forEach((col, c) => {
      const y = ys[c] as (number | null)[];
      for (let i = 0; i < n; i++) y.push(nullable(col[i]));
    });
    return out;
  }
  const t0 = t[0] ?? 0;
  const span = (t[n - 1] ?? t0) - t0 || 1;
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    const edge = b === buckets - 1 ? Infinity : t0 + ((b + 1) * span) / buckets;
    const first = i;
    while (i < n && (t[i] ?? 0) < edge) i++;
    if (i === first) continue;
    const last = i - 1;
    const two = last > first;
    times.push(t[first] ?? NaN);
    if (two) times.push(t[last] ?? NaN);
    columns.forEach((col, c) => {
      let lo = NaN;
      let hi = NaN;
      let loAt = 0;
      let hiAt = 0;
      for (let k = first; k <= last; k++) {
        const v = col[k] ?? NaN;
        if (Number.isNaN(v)) continue;
        if (Number.isNaN(lo) || v < lo) [lo, loAt] = [v, k];
        if (Number.isNaN(hi) || v > hi) [hi, hiAt] = [v, k];
      }
      const y = ys[c] as (number | null)[];
      if (!two) y.push(nullable(lo));
      else if (loAt <= hiAt) y.push(nullable(lo), nullable(hi));
      else y.push(nullable(hi), nullable(lo));
    });
  }
  return out;
}
