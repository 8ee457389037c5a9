// AssemblyScript (compiled by build.mjs to dist/workers/gbdt-kernels.wasm; not part of the TS
// projects): the boosting loops over a packed node's records, on one shared memory that holds
// the codes, gradient pairs, row indices and histograms, so no call copies anything.
// Pointers are byte addresses in that memory. Each loop visits rows in the same order as the
// JS kernels in ../histogram.ts and ../grow.ts, so the sums (and trees) are identical to theirs.

/**
 * Adds each position's gradient pair (g, h) into the histogram of every feature in `plan`:
 * plan holds nPlan pairs of u32 (the code's byte within a record, the absolute address of that
 * feature's bin 0), so bin b of the feature is at address + b * 16. One f64x2 add per bin.
 */
export function histogram(data: usize, stride: i32, values: usize, valueStride: i32, n: i32, plan: usize, nPlan: i32): void {
  const end4 = nPlan & ~3;
  for (let c = n; c > 0; c--) {
    const gh = v128.load(values);
    let p = plan;
    const pEnd = plan + (<usize>end4 << 3);
    // Four features per step: their loads are independent, so they overlap.
    for (; p < pEnd; p += 32) {
      const j0 = <usize>load<u32>(p, 4) + (<usize>load<u8>(data + <usize>load<u32>(p)) << 4);
      const j1 = <usize>load<u32>(p, 12) + (<usize>load<u8>(data + <usize>load<u32>(p, 8)) << 4);
      const j2 = <usize>load<u32>(p, 20) + (<usize>load<u8>(data + <usize>load<u32>(p, 16)) << 4);
      const j3 = <usize>load<u32>(p, 28) + (<usize>load<u8>(data + <usize>load<u32>(p, 24)) << 4);
      v128.store(j0, f64x2.add(v128.load(j0), gh));
      v128.store(j1, f64x2.add(v128.load(j1), gh));
      v128.store(j2, f64x2.add(v128.load(j2), gh));
      v128.store(j3, f64x2.add(v128.load(j3), gh));
    }
    const pAll = plan + (<usize>nPlan << 3);
    for (; p < pAll; p += 8) {
      const j = <usize>load<u32>(p, 4) + (<usize>load<u8>(data + <usize>load<u32>(p)) << 4);
      v128.store(j, f64x2.add(v128.load(j), gh));
    }
    data += stride;
    values += valueStride;
  }
}

/** Copies one record of `stride` bytes (a multiple of 8). */
// @ts-ignore: decorator
@inline function copyRecord(d: usize, s: usize, stride: i32): void {
  let o: usize = 0;
  const whole = <usize>(stride & ~15);
  for (; o < whole; o += 16) v128.store(d + o, v128.load(s + o));
  if (stride & 8) store<u64>(d + o, load<u64>(s + o));
}

/**
 * Splits positions start..end of block `src` into block `dst`: left rows forward from start,
 * right rows backward from end (as the JS partition does). Returns where the right child starts.
 */
export function partition(src: usize, dst: usize, stride: i32, start: i32, end: i32, feature: i32, goLeft: usize): i32 {
  return partitionSpan(src, dst, stride, start, end, feature, goLeft, start, end - 1);
}

/**
 * partition() of positions start..end with left rows written forward from l and right rows
 * backward from r: two threads split a node in halves, the second half's l and r offset by the
 * first half's counts, and the records land exactly where one thread would put them.
 * Returns l after the last left row.
 */
export function partitionSpan(src: usize, dst: usize, stride: i32, start: i32, end: i32, feature: i32, goLeft: usize, l: i32, r: i32): i32 {
  let s = src + <usize>start * <usize>stride;
  const f = <usize>feature;
  for (let i = start; i < end; i++, s += <usize>stride) {
    const left = <i32>load<u8>(goLeft + <usize>load<u8>(s + f));
    const t = select<i32>(l, r, left);
    l += left;
    r -= 1 - left;
    copyRecord(dst + <usize>t * <usize>stride, s, stride);
  }
  return l;
}

/** Rows of positions start..end that go left (a second thread's offset into the children). */
export function countLeft(src: usize, stride: i32, start: i32, end: i32, feature: i32, goLeft: usize): i32 {
  let s = src + <usize>start * <usize>stride + <usize>feature;
  let n = 0;
  for (let i = start; i < end; i++, s += <usize>stride) n += <i32>load<u8>(goLeft + <usize>load<u8>(s));
  return n;
}

/** partition() of a root read from the template: codes and row index from it, the gradient pair from row values (rows in order). */
export function partitionTemplate(
  src: usize, dst: usize, stride: i32, codeBytes: i32, rowValues: usize, start: i32, end: i32, feature: i32, goLeft: usize,
): i32 {
  return partitionTemplateSpan(src, dst, stride, codeBytes, rowValues, start, end, feature, goLeft, start, end - 1);
}

/** partitionTemplate() with the write positions given, as partitionSpan(). */
export function partitionTemplateSpan(
  src: usize, dst: usize, stride: i32, codeBytes: i32, rowValues: usize, start: i32, end: i32, feature: i32, goLeft: usize, l: i32, r: i32,
): i32 {
  let s = src + <usize>start * <usize>stride;
  let v = rowValues + (<usize>start << 4);
  const f = <usize>feature;
  const cb = <usize>codeBytes;
  for (let i = start; i < end; i++, s += <usize>stride, v += 16) {
    const left = <i32>load<u8>(goLeft + <usize>load<u8>(s + f));
    const t = select<i32>(l, r, left);
    l += left;
    r -= 1 - left;
    const d = dst + <usize>t * <usize>stride;
    let o: usize = 0;
    for (; o + 16 <= cb; o += 16) v128.store(d + o, v128.load(s + o));
    if (o < cb) store<u64>(d + o, load<u64>(s + o));
    v128.store(d + cb, v128.load(v));
    store<i32>(d + cb + 16, load<i32>(s + cb + 16));
  }
  return l;
}

/** Children that are leaves: only their row indices, into rows (left forward, right backward). */
export function partitionRows(src: usize, stride: i32, rowByte: i32, start: i32, end: i32, feature: i32, goLeft: usize, rows: usize): i32 {
  let l = start;
  let r = end - 1;
  let s = src + <usize>start * <usize>stride;
  const f = <usize>feature;
  const rb = <usize>rowByte;
  for (let i = start; i < end; i++, s += <usize>stride) {
    const left = <i32>load<u8>(goLeft + <usize>load<u8>(s + f));
    const t = select<i32>(l, r, left);
    l += left;
    r -= 1 - left;
    store<i32>(rows + (<usize>t << 2), load<i32>(s + rb));
  }
  return l;
}

/** Row indices of positions start..end into rows[start..end). */
export function settle(src: usize, stride: i32, rowByte: i32, start: i32, end: i32, rows: usize): void {
  let s = src + <usize>start * <usize>stride + <usize>rowByte;
  for (let i = start; i < end; i++, s += <usize>stride) store<i32>(rows + (<usize>i << 2), load<i32>(s));
}

/** A subsampled root: the template records of rows[0..n) with their gradient pairs, into block dst. */
export function gatherRoot(template: usize, dst: usize, stride: i32, codeBytes: i32, rowValues: usize, rows: usize, n: i32): void {
  const cb = <usize>codeBytes;
  let d = dst;
  for (let i = 0; i < n; i++, d += <usize>stride) {
    const r = <usize>load<i32>(rows + (<usize>i << 2));
    copyRecord(d, template + r * <usize>stride, stride);
    v128.store(d + cb, v128.load(rowValues + (r << 4)));
  }
}

/** raw[rows[i] * K + k] += value for i in start..end: a leaf's output added to its training rows. */
export function addLeaf(rows: usize, start: i32, end: i32, raw: usize, K: i32, k: i32, value: f64): void {
  for (let i = start; i < end; i++) {
    const a = raw + ((<usize>load<i32>(rows + (<usize>i << 2)) * <usize>K + <usize>k) << 3);
    store<f64>(a, load<f64>(a) + value);
  }
}

/**
 * Boosting's split search over a node's histogram (GradientCriterion: score G²/(H+λ), a child
 * needs H ≥ minChildWeight), the same scan and arithmetic as SplitSearch in ../grow.ts, so it
 * picks the same split. features: i32[nFeatures]; valueBins: i32 per feature; binOffset: i32
 * per feature. Writes to out: gain f64, left g, h, right g, h (f64), feature, bin, missingLeft (i32).
 */
export function searchGradient(
  hist: usize, features: usize, nFeatures: i32, valueBins: usize, binOffset: usize,
  pg: f64, ph: f64, lambda: f64, minChildWeight: f64, out: usize,
): void {
  const parentScore = (pg * pg) / (ph + lambda);
  let bestGain = -Infinity;
  let bestFeature = -1;
  let bestBin = -1;
  let bestMissingLeft = 0;
  let blg = 0.0, blh = 0.0, brg = 0.0, brh = 0.0;
  for (let k = 0; k < nFeatures; k++) {
    const f = load<i32>(features + (<usize>k << 2));
    const nb = load<i32>(valueBins + (<usize>f << 2));
    const h0 = hist + (<usize>load<i32>(binOffset + (<usize>f << 2)) << 4);
    const m0 = h0 + (<usize>nb << 4);
    const mg = load<f64>(m0);
    const mh = load<f64>(m0, 8);
    const hasMissing = mh > 0;
    let lg = 0.0;
    let lh = 0.0;
    // As SplitSearch: no candidate leaves a child without rows (past the last filled bin, only missing right).
    let filled = nb - 1;
    while (filled >= 0 && load<f64>(h0 + (<usize>filled << 4), 8) == 0) filled--;
    const lastBin = hasMissing ? filled : filled - 1;
    for (let b = 0; b <= lastBin; b++) {
      const bo = h0 + (<usize>b << 4);
      const bh = load<f64>(bo, 8);
      lg += load<f64>(bo);
      lh += bh;
      if (bh == 0) continue;
      const rg = pg - lg;
      const rh = ph - lh;
      if (hasMissing) {
        if (lh >= minChildWeight && rh >= minChildWeight) {
          const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain; bestFeature = f; bestBin = b; bestMissingLeft = 0;
            blg = lg; blh = lh; brg = rg; brh = rh;
          }
        }
        if (b < filled) {
          const xlg = lg + mg;
          const xlh = lh + mh;
          const xrg = rg - mg;
          const xrh = rh - mh;
          if (xlh >= minChildWeight && xrh >= minChildWeight) {
            const gain = (xlg * xlg) / (xlh + lambda) + (xrg * xrg) / (xrh + lambda) - parentScore;
            if (gain > bestGain) {
              bestGain = gain; bestFeature = f; bestBin = b; bestMissingLeft = 1;
              blg = xlg; blh = xlh; brg = xrg; brh = xrh;
            }
          }
        }
      } else if (lh >= minChildWeight && rh >= minChildWeight) {
        const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain; bestFeature = f; bestBin = b; bestMissingLeft = i32(lh >= rh);
          blg = lg; blh = lh; brg = rg; brh = rh;
        }
      }
    }
  }
  store<f64>(out, bestGain);
  store<f64>(out, blg, 8);
  store<f64>(out, blh, 16);
  store<f64>(out, brg, 24);
  store<f64>(out, brh, 32);
  store<i32>(out, bestFeature, 40);
  store<i32>(out, bestBin, 44);
  store<i32>(out, bestMissingLeft, 48);
}
