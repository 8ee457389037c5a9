/**
 * Decimation for display: a plot of a few thousand pixels does not need a
 * million points. Both functions expect `t` non-decreasing (arrival order).
 */

export interface Series {
  readonly t: number[];
  readonly y: (number | null)[];
}

function copySeries(t: ArrayLike<number>, y: ArrayLike<number | null>, n: number): Series {
  const outT = new Array<number>(n);
  const outY = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    outT[i] = t[i];
    outY[i] = y[i];
  }
  return { t: outT, y: outY };
}

/**
 * Standard LTTB (Steinarsson 2013) on points [from, to) of a null-free run,
 * down to `threshold` points; the first and last points are always kept.
 */
function lttbRun(t: ArrayLike<number>, y: ArrayLike<number | null>, from: number, to: number, threshold: number, outT: number[], outY: (number | null)[]): void {
  const n = to - from;
  if (threshold >= n) {
    for (let i = from; i < to; i++) {
      outT.push(t[i]);
      outY.push(y[i]);
    }
    return;
  }
  if (threshold < 3) {
    // Too small a budget for a triangle: the endpoints still mark the run's extent.
    outT.push(t[from]);
    outY.push(y[from]);
    if (n > 1) {
      outT.push(t[to - 1]);
      outY.push(y[to - 1]);
    }
    return;
  }
  const every = (n - 2) / (threshold - 2);
  let a = from;
  outT.push(t[a]);
  outY.push(y[a]);
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third vertex of the triangle.
    const avgStart = from + Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(from + Math.floor((i + 2) * every) + 1, to);
    let avgT = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgT += t[j];
      avgY += y[j] as number;
    }
    const avgLen = avgEnd - avgStart;
    avgT /= avgLen;
    avgY /= avgLen;
    const rangeStart = from + Math.floor(i * every) + 1;
    const rangeEnd = from + Math.floor((i + 1) * every) + 1;
    const at = t[a];
    const ay = y[a] as number;
    let maxArea = -1;
    let next = rangeStart;
    for (let j = rangeStart; j < rangeEnd; j++) {
      const area = Math.abs((at - avgT) * ((y[j] as number) - ay) - (at - t[j]) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        next = j;
      }
    }
    outT.push(t[next]);
    outY.push(y[next]);
    a = next;
  }
  outT.push(t[to - 1]);
  outY.push(y[to - 1]);
}

/**
 * Largest-Triangle-Three-Buckets down to `threshold` points (nulls kept as gaps).
 *
 * Nulls: the series is split into runs of numbers; each run is decimated on its
 * own with a share of the budget proportional to its length (at least its two
 * endpoints), and each run of nulls becomes one null point at the time of its
 * first null, so a plot with connectgaps off still breaks the line there. LTTB
 * across a gap would otherwise average values from both sides of it. With many
 * short runs the endpoints alone can exceed `threshold`; they are kept anyway
 * because dropping them would hide where the data is.
 */
export function lttb(t: ArrayLike<number>, y: ArrayLike<number | null>, threshold: number): Series {
  const n = Math.min(t.length, y.length);
  if (n === 0) return { t: [], y: [] };
  if (!(threshold >= 1) || threshold >= n) return copySeries(t, y, n);
  threshold = Math.floor(threshold);

  // Runs: [start, end, isNull].
  const runs: [number, number, boolean][] = [];
  let nonNull = 0;
  let nullRuns = 0;
  for (let i = 0; i < n; ) {
    const isNull = y[i] === null || Number.isNaN(y[i] as number);
    let j = i + 1;
    while (j < n && (y[j] === null || Number.isNaN(y[j] as number)) === isNull) j++;
    runs.push([i, j, isNull]);
    if (isNull) nullRuns++;
    else nonNull += j - i;
    i = j;
  }
  const outT: number[] = [];
  const outY: (number | null)[] = [];
  if (nullRuns === 0) {
    lttbRun(t, y, 0, n, threshold, outT, outY);
    return { t: outT, y: outY };
  }
  const budget = Math.max(0, threshold - nullRuns);
  for (const [start, end, isNull] of runs) {
    if (isNull) {
      outT.push(t[start]);
      outY.push(null);
      continue;
    }
    const len = end - start;
    const share = Math.max(Math.min(len, 2), Math.floor((budget * len) / Math.max(1, nonNull)));
    lttbRun(t, y, start, end, share, outT, outY);
  }
  return { t: outT, y: outY };
}

/**
 * Min and max of each of `buckets` equal-time buckets, in time order.
 *
 * A bucket emits its min and its max in the order they occurred (once when they
 * are the same point); a bucket holding only nulls emits one null at its first
 * null's time to keep the gap visible; empty buckets emit nothing. Nulls inside
 * a bucket that also has numbers are not shown as gaps at this zoom level.
 * Fewer than 2 × buckets points come back unchanged (as copies).
 */
export function minMaxDecimate(t: ArrayLike<number>, y: ArrayLike<number | null>, buckets: number): Series {
  const n = Math.min(t.length, y.length);
  buckets = Math.floor(buckets);
  if (!(buckets >= 1) || n <= 2 * buckets) {
    return copySeries(t, y, n);
  }
  const t0 = t[0];
  const span = t[n - 1] - t0;
  const outT: number[] = [];
  const outY: (number | null)[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    // Bucket b covers [t0 + b·span/buckets, t0 + (b+1)·span/buckets); the last one is closed.
    const isLast = b === buckets - 1 || span <= 0;
    const end = t0 + ((b + 1) * span) / buckets;
    let minI = -1;
    let maxI = -1;
    let firstNull = -1;
    for (; i < n && (isLast || t[i] < end); i++) {
      const v = y[i];
      if (v === null || Number.isNaN(v)) {
        if (firstNull < 0) firstNull = i;
        continue;
      }
      if (minI < 0 || v < (y[minI] as number)) minI = i;
      if (maxI < 0 || v > (y[maxI] as number)) maxI = i;
    }
    if (minI < 0) {
      if (firstNull >= 0) {
        outT.push(t[firstNull]);
        outY.push(null);
      }
      continue;
    }
    const first = Math.min(minI, maxI);
    const second = Math.max(minI, maxI);
    outT.push(t[first]);
    outY.push(y[first]);
    if (second !== first) {
      outT.push(t[second]);
      outY.push(y[second]);
    }
  }
  return { t: outT, y: outY };
}
