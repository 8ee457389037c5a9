/**
 * The A/B or canary split: which version answers the next request. Deterministic
 * (no randomness): request n goes to the candidate when ⌊(n+1)·p/100⌋ > ⌊n·p/100⌋,
 * so over any 100 consecutive requests exactly p go to the candidate, spread
 * evenly, and a test or a replay sees the same routing every time.
 */
export class SplitRouter {
  private n = 0;
  private percent: number;

  constructor(percent: number) {
    this.percent = checkPercent(percent);
  }

  get candidatePercent(): number {
    return this.percent;
  }

  set(percent: number): void {
    this.percent = checkPercent(percent);
  }

  /** True when the next request goes to the candidate. */
  next(): boolean {
    const n = this.n++;
    if (this.n >= 1e15) this.n = 0;
    return Math.floor(((n + 1) * this.percent) / 100) > Math.floor((n * this.percent) / 100);
  }
}

export function checkPercent(p: number): number {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`The split must be a percentage 0..100, not ${String(p)}.`);
  return p;
}
