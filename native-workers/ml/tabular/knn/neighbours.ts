/**
 * The k nearest training rows of one query by brute force: one pass over the
 * training rows keeping a bounded max-heap of the best k (O(n log k), no sort of
 * all n distances). Ties in distance go to the lower row index, so results are
 * deterministic.
 */
export interface Neighbours {
  /** Row indices, nearest first. */
  readonly index: Int32Array;
  /** Euclidean distances, nearest first. */
  readonly distance: Float64Array;
}

export function nearest(train: Float64Array, rows: number, cols: number, query: Float64Array, qOffset: number, k: number): Neighbours {
  const size = Math.min(k, rows);
  // heap[0] is the worst kept neighbour; compared by (squared distance, index).
  const hd = new Float64Array(size);
  const hi = new Int32Array(size);
  let filled = 0;
  const worse = (a: number, b: number): boolean => hd[a]! > hd[b]! || (hd[a] === hd[b] && hi[a]! > hi[b]!);
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < filled && worse(l, top)) top = l;
      if (r < filled && worse(r, top)) top = r;
      if (top === i) return;
      swap(hd, hi, i, top);
      i = top;
    }
  };
  for (let t = 0; t < rows; t++) {
    const off = t * cols;
    // Once the heap is full, stop summing as soon as this row is already worse than the worst kept.
    const bound = filled === size ? hd[0]! : Infinity;
    let d = 0;
    for (let j = 0; j < cols && d <= bound; j++) {
      const diff = train[off + j]! - query[qOffset + j]!;
      d += diff * diff;
    }
    if (filled < size) {
      let i = filled++;
      hd[i] = d;
      hi[i] = t;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(hd, hi, i, parent);
        i = parent;
      }
    } else if (d < hd[0]!) {
      // Equal distance keeps the earlier row, already in the heap.
      hd[0] = d;
      hi[0] = t;
      siftDown(0);
    }
  }
  // Pop worst-first into the back of the outputs: nearest first.
  const index = new Int32Array(size);
  const distance = new Float64Array(size);
  for (let out = size - 1; out >= 0; out--) {
    index[out] = hi[0]!;
    distance[out] = Math.sqrt(hd[0]!);
    filled--;
    hd[0] = hd[filled]!;
    hi[0] = hi[filled]!;
    siftDown(0);
  }
  return { index, distance };
}

function swap(hd: Float64Array, hi: Int32Array, a: number, b: number): void {
  const d = hd[a]!;
  hd[a] = hd[b]!;
  hd[b] = d;
  const i = hi[a]!;
  hi[a] = hi[b]!;
  hi[b] = i;
}
