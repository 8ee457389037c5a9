const todo = (): never => {
  throw new Error('stream-core: not implemented yet');
};

/** Rate (Hz) and jitter (std of inter-arrival intervals, ms) over a sliding time window. */
export class RateEstimator {
  constructor(_windowSeconds = 5) {}
  add(_tMs: number): void {
    todo();
  }
  rateHz(): number {
    return todo();
  }
  jitterMs(): number {
    return todo();
  }
}

/** A warning when `rateHz` messages of `bytesPerMessage` cannot fit `baudRate` (bitsPerByte 10 for 8N1), else null. */
export function baudWarning(_rateHz: number, _bytesPerMessage: number, _baudRate: number, _bitsPerByte = 10): string | null {
  return todo();
}
