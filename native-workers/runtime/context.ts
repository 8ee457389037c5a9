import { AssayError } from '../../preload/contract/errors';
import type { Progress } from '../../preload/contract/types';
import { progressIntervalMs, type FromWorker, type StreamControl, type WorkerData } from '../protocol';

/** What a job sees of its worker: a cancel signal and a throttled progress reporter. */
export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; throttled, so calling it per row is fine. `force` sends at once. */
  progress(progress: Progress, force?: boolean): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Throws CANCELLED if the job was asked to stop: call it between units of work. */
  checkCancelled(): void;
  /** Out-of-band live data (stream frames, status); the job throttles it itself. */
  data(data: WorkerData): void;
  /** Live changes sent by the host while the job runs (streams). */
  onControl(listener: (command: StreamControl) => void): void;
}

export interface ControlledContext extends JobContext {
  /** Called by the worker entry for each control message. */
  deliverControl(command: StreamControl): void;
}

export function createContext(signal: AbortSignal, send: (msg: FromWorker) => void): ControlledContext {
  let last = 0;
  const controlListeners: ((command: StreamControl) => void)[] = [];
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
    data(data) {
      send({ type: 'data', data });
    },
    onControl(listener) {
      controlListeners.push(listener);
    },
    deliverControl(command) {
      for (const listener of controlListeners) listener(command);
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
