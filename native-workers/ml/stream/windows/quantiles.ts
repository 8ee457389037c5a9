import { KllSketch } from './kll';

/** Values kept exactly per window and key before switching to the sketch. */
export const exactLimit = 4096;

/**
 * numpy's default (linear) percentile of the first n values; q in [0, 1].
 * Reorders them: a selection (O(n)) instead of a sort, since V8's typed-array
 * sort costs about 0.2 ms per 600 values and every window × key needs this.
 */
export function exactQuantile(values: Float64Array, n: number, q: number): number {
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const below = select(values, n, lo);
  if (lo + 1 >= n || h === lo) return below;
  // After the selection everything right of lo is ≥ it: the next order statistic is their minimum.
  let above = Infinity;
  for (let i = lo + 1; i < n; i++) if (values[i] < above) above = values[i];
  return below + (h - lo) * (above - below);
}

/** Hoare's quickselect: puts the k-th smallest of a[0..n) at k, smaller ones left of it, larger right. */
function select(a: Float64Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    // Median of three: sorted or constant runs (common in sensor data) stay O(n).
    const mid = (left + right) >> 1;
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * A window's values for its percentiles: exact (a growing Float64Array) up to
 * exactLimit values, then a KLL sketch, so a window's memory stays bounded.
 */
export class QuantileBuffer {
  private values: Float64Array | null = new Float64Array(16);
  private n = 0;
  private sketch: KllSketch | null = null;

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
    return exactQuantile(this.values as Float64Array, this.n, q);
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
