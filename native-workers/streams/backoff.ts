/**
 * Reconnect delays: 250 ms doubling to 5 s, each with ±20 % jitter so that many
 * streams that lost the same hub do not retry in lockstep.
 */
export class Backoff {
  private attempt = 0;
  private readonly firstMs: number;
  private readonly maxMs: number;

  constructor(firstMs = 250, maxMs = 5000) {
    this.firstMs = firstMs;
    this.maxMs = maxMs;
  }

  next(): number {
    const base = Math.min(this.maxMs, this.firstMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.attempt = 0;
  }
}
