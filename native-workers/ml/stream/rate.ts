import { TimeDeque } from './deque';

/**
 * Rate (Hz) and jitter (std of inter-arrival intervals, ms) over a sliding time window.
 *
 * The window holds the arrivals in [t_last - windowSeconds, t_last]. add() is
 * O(1) amortised: the interval sums are kept as running sums (shifted by a
 * reference interval so that the variance does not cancel catastrophically) and
 * re-based from the deque every time the window has fully turned over, which
 * also stops float drift.
 *
 * A clock that steps backwards (host time adjusted) restarts the estimate
 * rather than producing negative intervals.
 */
export class RateEstimator {
  private readonly windowMs: number;
  /** Arrival times; the value column holds the interval to the previous arrival (NaN for the first). */
  private readonly times = new TimeDeque();
  private shift = 0;
  private sum = 0;
  private sumSq = 0;
  /** Intervals currently in the sums. */
  private count = 0;
  private removedSinceRebase = 0;

  constructor(windowSeconds = 5) {
    if (!(windowSeconds > 0)) throw new Error(`RateEstimator: windowSeconds must be > 0, got ${windowSeconds}`);
    this.windowMs = windowSeconds * 1000;
  }

  add(tMs: number): void {
    if (!Number.isFinite(tMs)) return;
    const n = this.times.length;
    if (n > 0 && tMs < this.times.backT()) this.clear();
    if (this.times.length === 0) {
      this.times.pushBack(tMs, NaN);
    } else {
      const dt = tMs - this.times.backT();
      if (this.count === 0) this.shift = dt;
      this.times.pushBack(tMs, dt);
      const d = dt - this.shift;
      this.sum += d;
      this.sumSq += d * d;
      this.count++;
    }
    const cutoff = tMs - this.windowMs;
    while (this.times.length > 1 && this.times.frontT() < cutoff) {
      this.times.popFront();
      // The new front's interval reaches back outside the window: it leaves the sums.
      const d = this.times.frontV() - this.shift;
      this.sum -= d;
      this.sumSq -= d * d;
      this.count--;
      this.times.setFrontV(NaN);
      this.removedSinceRebase++;
    }
    if (this.removedSinceRebase > this.times.length) this.rebase();
  }

  /** (n - 1) / (t_last - t_first) over the window; 0 with fewer than 2 arrivals or a zero span. */
  rateHz(): number {
    const n = this.times.length;
    if (n < 2) return 0;
    const span = this.times.backT() - this.times.frontT();
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }

  /** Sample std (ddof 1) of the inter-arrival intervals in ms; 0 with fewer than 2 intervals. */
  jitterMs(): number {
    const k = this.count;
    if (k < 2) return 0;
    const v = (this.sumSq - (this.sum * this.sum) / k) / (k - 1);
    return v > 0 ? Math.sqrt(v) : 0;
  }

  /** Arrivals currently in the window. */
  get size(): number {
    return this.times.length;
  }

  clear(): void {
    this.times.clear();
    this.sum = 0;
    this.sumSq = 0;
    this.count = 0;
    this.removedSinceRebase = 0;
  }

  private rebase(): void {
    this.removedSinceRebase = 0;
    if (this.count === 0) return;
    let s = 0;
    for (let i = 1; i < this.times.length; i++) s += this.times.valueAt(i);
    this.shift = s / this.count;
    let s1 = 0;
    let s2 = 0;
    for (let i = 1; i < this.times.length; i++) {
      const d = this.times.valueAt(i) - this.shift;
      s1 += d;
      s2 += d * d;
    }
    this.sum = s1;
    this.sumSq = s2;
  }
}

/** 57600 → "57,600"; 119.5 → "119.5". Locale-free so that messages are the same on every machine. */
export function formatNumber(x: number, maxDecimals = 1): string {
  const neg = x < 0;
  const fixed = Math.abs(x).toFixed(maxDecimals);
  let [int, frac = ''] = fixed.split('.');
  frac = frac.replace(/0+$/, '');
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + int + (frac ? `.${frac}` : '');
}

/**
 * A warning when `rateHz` messages of `bytesPerMessage` cannot fit `baudRate`
 * (bitsPerByte 10 for 8N1: start + 8 data + stop), else null. E.g.
 * "120 Hz × 48 bytes needs 57,600 baud; the port runs at 9,600".
 */
export function baudWarning(rateHz: number, bytesPerMessage: number, baudRate: number, bitsPerByte = 10): string | null {
  if (!(rateHz > 0) || !(bytesPerMessage > 0) || !(baudRate > 0) || !(bitsPerByte > 0)) return null;
  const needed = rateHz * bytesPerMessage * bitsPerByte;
  if (needed <= baudRate) return null;
  const bytes = formatNumber(bytesPerMessage);
  return `${formatNumber(rateHz)} Hz × ${bytes} bytes needs ${formatNumber(Math.ceil(needed), 0)} baud; the port runs at ${formatNumber(baudRate, 0)}`;
}
