/**
 * Min-max decimation for drawing: per equal-time bucket keep the first, the
 * minimum and the maximum point, in time order. Spikes survive (an anomaly is
 * never averaged away), and a plot never gets more points than it has pixels.
 */
export interface XY {
  readonly t: number[];
  readonly y: (number | null)[];
}

export function minMaxDecimate(t: readonly number[], y: readonly (number | null)[], buckets: number): XY {
  const n = Math.min(t.length, y.length);
  if (n <= buckets * 3 || buckets < 1) return { t: t.slice(0, n), y: y.slice(0, n) };
  const t0 = t[0] ?? 0;
  const span = (t[n - 1] ?? t0) - t0 || 1;
  const outT: number[] = [];
  const outY: (number | null)[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    const end = b === buckets - 1 ? Infinity : t0 + ((b + 1) * span) / buckets;
    const first = i;
    let minI = -1;
    let maxI = -1;
    let sawGap = false;
    for (; i < n && (t[i] ?? 0) < end; i++) {
      const v = y[i];
      if (v === null || v === undefined) {
        sawGap = true;
        continue;
      }
      if (minI < 0 || v < (y[minI] ?? v)) minI = i;
      if (maxI < 0 || v > (y[maxI] ?? v)) maxI = i;
    }
    if (i === first) continue;
    const keep = [...new Set([first, minI, maxI].filter((k) => k >= 0))].sort((a, b2) => a - b2);
    for (const k of keep) {
      outT.push(t[k] ?? 0);
      outY.push(y[k] ?? null);
    }
    // A bucket with missing values keeps a gap so the line breaks where the data did.
    if (sawGap && minI >= 0) {
      outT.push(t[i - 1] ?? 0);
      outY.push(null);
    }
  }
  return { t: outT, y: outY };
}
