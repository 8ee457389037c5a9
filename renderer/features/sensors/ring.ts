/**
 * A fixed-capacity ring of time-stamped rows: one time column and any number of
 * value columns that may appear mid-stream (e.g. "temperature.mean" after a
 * pipeline change). Typed arrays, so a 10-minute window of a fast stream costs
 * no garbage per point; nulls are stored as NaN.
 */
export interface WindowData {
  readonly t: number[];
  readonly series: Record<string, (number | null)[]>;
}

export class SeriesRing {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly columns = new Map<string, Float64Array>();
  /** Physical index of the oldest row. */
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive');
    this.capacity = Math.floor(capacity);
    this.times = new Float64Array(this.capacity);
  }

  get length(): number {
    return this.count;
  }

  names(): string[] {
    return [...this.columns.keys()];
  }

  /** Time of the i-th oldest row. */
  timeAt(i: number): number {
    return this.times[(this.head + i) % this.capacity] ?? NaN;
  }

  get oldest(): number | null {
    return this.count === 0 ? null : this.timeAt(0);
  }

  get newest(): number | null {
    return this.count === 0 ? null : this.timeAt(this.count - 1);
  }

  /** Appends rows aligned with `t`; a column missing from this batch gets gaps. Overwrites the oldest when full. */
  append(t: readonly number[], series: Readonly<Record<string, readonly (number | null)[]>>): void {
    for (const name of Object.keys(series)) {
      if (!this.columns.has(name)) this.columns.set(name, new Float64Array(this.capacity).fill(NaN));
    }
    const cols = [...this.columns.entries()].map(([name, col]) => [col, series[name]] as const);
    for (let i = 0; i < t.length; i++) {
      const slot = (this.head + this.count) % this.capacity;
      if (this.count === this.capacity) this.head = (this.head + 1) % this.capacity;
      else this.count++;
      this.times[slot] = t[i] ?? NaN;
      for (const [col, values] of cols) {
        const v = values?.[i];
        col[slot] = v === null || v === undefined ? NaN : v;
      }
    }
  }

  /** Drops rows older than `tMin` (rows arrive in time order). */
  trimBefore(tMin: number): void {
    while (this.count > 0 && (this.times[this.head] ?? Infinity) < tMin) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.columns.clear();
  }

  /** First logical index whose time is >= t (or > t when `after`). */
  private bound(t: number, after: boolean): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.timeAt(mid);
      if (x < t || (after && x === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of rows with from <= t <= to. */
  countIn(from: number, to: number): number {
    return Math.max(0, this.bound(to, true) - this.bound(from, false));
  }

  /** A copy of the rows with from <= t <= to, NaN turned back into null. */
  window(from: number, to: number): WindowData {
    const start = this.bound(from, false);
    const end = Math.max(start, this.bound(to, true));
    const t: number[] = [];
    for (let i = start; i < end; i++) t.push(this.timeAt(i));
    const series: Record<string, (number | null)[]> = {};
    for (const [name, col] of this.columns) {
      const out: (number | null)[] = [];
      for (let i = start; i < end; i++) {
        const v = col[(this.head + i) % this.capacity] ?? NaN;
        out.push(Number.isNaN(v) ? null : v);
      }
      series[name] = out;
    }
    return { t, series };
  }
}
