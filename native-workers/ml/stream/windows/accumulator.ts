import type { AggregatePlan } from './plan';
import { QuantileBuffer } from './quantiles';

/**
 * The running aggregates of one window and key: per value field its non-null
 * count, sum, min and max in one Float64Array, and its values where a
 * percentile is asked. Nulls (NaN here) are skipped, as pandas skips NaN.
 */
export class Accumulator {
  events = 0;
  /** Per field f: [4f] count, [4f+1] sum, [4f+2] min, [4f+3] max. */
  private readonly stats: Float64Array;
  private readonly buffers: (QuantileBuffer | null)[];

  constructor(private readonly plan: AggregatePlan) {
    const f = plan.fields.length;
    this.stats = new Float64Array(4 * f);
    for (let i = 0; i < f; i++) {
      this.stats[4 * i + 2] = Infinity;
      this.stats[4 * i + 3] = -Infinity;
    }
    this.buffers = plan.quantiles.map((q) => (q ? new QuantileBuffer() : null));
  }

  /** values[f] is field f's number, NaN when missing. */
  add(values: ArrayLike<number>): void {
    this.events++;
    const s = this.stats;
    for (let f = 0, o = 0; f < values.length; f++, o += 4) {
      const x = values[f];
      if (x !== x) continue;
      s[o]++;
      s[o + 1] += x;
      if (x < s[o + 2]) s[o + 2] = x;
      if (x > s[o + 3]) s[o + 3] = x;
      const b = this.buffers[f];
      if (b) b.add(x);
    }
  }

  merge(other: Accumulator): void {
    this.events += other.events;
    const s = this.stats;
    const t = other.stats;
    for (let o = 0; o < s.length; o += 4) {
      s[o] += t[o];
      s[o + 1] += t[o + 1];
      s[o + 2] = Math.min(s[o + 2], t[o + 2]);
      s[o + 3] = Math.max(s[o + 3], t[o + 3]);
    }
    this.buffers.forEach((b, f) => {
      const ob = other.buffers[f];
      if (b && ob) b.merge(ob);
    });
  }

  /** The aggregates in plan order: null where nothing was there to aggregate. */
  results(): (number | null)[] {
    const s = this.stats;
    return this.plan.aggregates.map(({ op, field, q }) => {
      if (field < 0) return this.events;
      const o = 4 * field;
      const n = s[o];
      switch (op) {
        case 'count':
          return n;
        case 'sum':
          return s[o + 1];
        case 'mean':
          return n > 0 ? s[o + 1] / n : null;
        case 'min':
          return n > 0 ? s[o + 2] : null;
        case 'max':
          return n > 0 ? s[o + 3] : null;
        case 'percentile':
          return n > 0 ? (this.buffers[field] as QuantileBuffer).quantile(q) : null;
      }
    });
  }
}
