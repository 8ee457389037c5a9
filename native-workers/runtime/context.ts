import { AssayError } from '../../preload/contract/errors';
import type { Progress } from '../../preload/contract/types';
import { progressIntervalMs, type FromWorker } from '../protocol';

/** What a job sees of its worker: a cancel signal and a throttled progress reporter. */
export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; throttled, so calling it per row is fine. `force` sends at once. */
  progress(progress: Progress, force?: boolean): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Throws CANCELLED if the job was asked to stop: call it between units of work. */
  checkCancelled(): void;
}

export function createContext(signal: AbortSignal, send: (msg: FromWorker) => void): JobContext {
  let last = 0;
  return {
    signal,
    progress(progress, force = false) {
      const now = Date.now();
      if (!force && now - last < progressIntervalMs) return;
      last = now;
      send({ type: 'progress', progress });
    },
    log(level, message) {
      send({ type: 'log', level, message });
    },
    checkCancelled() {
      if (signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    },
  };
}

export function isCancel(err: unknown): boolean {
  return err instanceof AssayError && err.code === 'CANCELLED';
}

/** Lets pending messages (a cancel) arrive between synchronous chunks of work. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
