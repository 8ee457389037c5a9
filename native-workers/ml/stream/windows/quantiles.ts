import { KllSketch } from './kll';

/** Values kept exactly per window and key before switching to the sketch. */
export const exactLimit = 4096;

/** numpy's default (linear) percentile of sorted values; q in [0, 1]. */
export function exactQuantile(sorted: Float64Array, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * A window's values for its percentiles: exact (a growing Float64Array) up to
 * exactLimit values, then a KLL sketch, so a window's memory stays bounded.
 */
export class QuantileBuffer {
  private values: Float64Array | null = new Float64Array(16);
  private n = 0;
  private sketch: KllSketch | null = null;
  private sorted = false;

  get exact(): boolean {
    return this.sketch === null;
  }

  add(x: number): void {
    if (this.sketch) {
      this.sketch.add(x);
      return;
    }
    let v = this.values as Float64Array;
    if (this.n === v.length) {
      if (this.n >= exactLimit) {
        this.toSketch().add(x);
        return;
      }
      const grown = new Float64Array(Math.min(exactLimit, v.length * 2));
      grown.set(v);
      this.values = v = grown;
    }
    v[this.n++] = x;
    this.sorted = false;
  }

  merge(other: QuantileBuffer): void {
    if (other.sketch) {
      this.toSketch().merge(other.sketch);
      return;
    }
    const v = other.values as Float64Array;
    for (let i = 0; i < other.n; i++) this.add(v[i]);
  }

  /** q in [0, 1]; NaN when empty. */
  quantile(q: number): number {
    if (this.sketch) return this.sketch.quantile(q);
    const v = this.values as Float64Array;
    if (!this.sorted) {
      v.subarray(0, this.n).sort();
      this.sorted = true;
    }
    return exactQuantile(v, this.n, q);
  }

  private toSketch(): KllSketch {
    if (this.sketch) return this.sketch;
    const sketch = new KllSketch();
    const v = this.values as Float64Array;
    for (let i = 0; i < this.n; i++) sketch.add(v[i]);
    this.sketch = sketch;
    this.values = null;
    this.n = 0;
    return sketch;
  }
}
