/**
 * Compressed sparse rows: the one layout every recommender loop walks. Row r's entries are
 * indices[indptr[r] .. indptr[r+1]) with their values in data (and times, when known), sorted
 * by column within a row so that merges and lookups are linear.
 */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
  /** Per entry, the latest time (ms) it was seen; null when the data has no time column. */
  readonly times: Float64Array | null;
}

/** Entries as parallel arrays (row, col, value, time) → CSR sorted by column within each row. */
export function csrFromTriples(rows: number, cols: number, r: Int32Array, c: Int32Array, v: Float64Array, t: Float64Array | null): Csr {
  const n = r.length;
  const indptr = new Int32Array(rows + 1);
  for (let k = 0; k < n; k++) indptr[r[k]! + 1]!++;
  for (let i = 0; i < rows; i++) indptr[i + 1]! += indptr[i]!;
  const fill = indptr.slice(0, rows);
  const indices = new Int32Array(n);
  const data = new Float64Array(n);
  const times = t ? new Float64Array(n) : null;
  for (let k = 0; k < n; k++) {
    const at = fill[r[k]!]!++;
    indices[at] = c[k]!;
    data[at] = v[k]!;
    if (times) times[at] = t![k]!;
  }
  sortRows(indptr, indices, data, times);
  return { rows, cols, indptr, indices, data, times };
}

/** Insertion sort per row (rows are short; the long ones are already nearly sorted by construction). */
function sortRows(indptr: Int32Array, indices: Int32Array, data: Float64Array, times: Float64Array | null): void {
  for (let row = 0; row + 1 < indptr.length; row++) {
    const start = indptr[row]!;
    const end = indptr[row + 1]!;
    let sorted = true;
    for (let i = start + 1; i < end && sorted; i++) sorted = indices[i - 1]! <= indices[i]!;
    if (sorted) continue;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: both sorts are stable and give the same row; the cut-off is for speed.
    if (end - start > 64) {
      sortLongRow(start, end, indices, data, times);
      continue;
    }
    for (let i = start + 1; i < end; i++) {
      const ci = indices[i]!;
      const di = data[i]!;
      const ti = times ? times[i]! : 0;
      let j = i - 1;
      while (j >= start && indices[j]! > ci) {
        indices[j + 1] = indices[j]!;
        data[j + 1] = data[j]!;
        if (times) times[j + 1] = times[j]!;
        j--;
      }
      indices[j + 1] = ci;
      data[j + 1] = di;
      if (times) times[j + 1] = ti;
    }
  }
}

function sortLongRow(start: number, end: number, indices: Int32Array, data: Float64Array, times: Float64Array | null): void {
  const order = Array.from({ length: end - start }, (_, k) => start + k).sort((a, b) => indices[a]! - indices[b]!);
  const ix = order.map((k) => indices[k]!);
  const dx = order.map((k) => data[k]!);
  const tx = times ? order.map((k) => times[k]!) : null;
  for (let k = 0; k < ix.length; k++) {
    indices[start + k] = ix[k]!;
    data[start + k] = dx[k]!;
    if (times && tx) times[start + k] = tx[k]!;
  }
}

/** The same entries by column (items → users from users → items). */
export function transpose(m: Csr): Csr {
  const n = m.indices.length;
  const r = new Int32Array(n);
  for (let row = 0; row < m.rows; row++) r.fill(row, m.indptr[row]!, m.indptr[row + 1]!);
  return csrFromTriples(m.cols, m.rows, m.indices, r, m.data, m.times);
}

/** Entries per row. */
export function rowCounts(m: Csr): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.indptr[i + 1]! - m.indptr[i]!;
  return out;
}

/** Where `x` is in the sorted `a[from..to)`, or -1: the one binary search of row lookups. */
export function sortedIndexOf(a: Int32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    // Stryker disable next-line EqualityOperator: v === x has returned above.
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
