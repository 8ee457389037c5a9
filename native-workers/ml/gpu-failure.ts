import { AssayError } from '../../preload/contract/errors';

/**
 * What a GPU failure means for a job, and the one way out the user always has: the CPU. Out of memory is
 * retried with half the batch (a smaller batch needs less); a lost device (driver reset, GPU unplugged or
 * hung, laptop switching GPUs) cannot be retried in the same process, so the job fails with the reason.
 * Either way the run keeps nothing of itself (its models are written only when it succeeds).
 */
export type GpuFailure = 'out-of-memory' | 'device-lost';

/** How to run a job on the CPU when the GPU fails it (the end of every GPU error's message). */
export const cpuWay = 'start Assay (or the assay command) with ASSAY_BACKEND=wasm to run it on the CPU';

/** Thrown by a step that ran out of GPU memory (a WebGPU out-of-memory error scope, or CUDA's OOM). */
export class GpuOutOfMemory extends Error {}

export function gpuFailureOf(err: unknown): GpuFailure | null {
  if (err instanceof GpuOutOfMemory) return 'out-of-memory';
  const text = err instanceof Error ? err.message : String(err);
  // Only the GPU's own: wasm's and the CPU's out-of-memory are not helped by a smaller batch on the GPU, nor by its message.
  if (/GPUOutOfMemoryError|OOM when allocating.*device:GPU/i.test(text)) return 'out-of-memory';
  if (/device (was |is )?lost|GPUDevice.*lost|DEVICE_LOST/i.test(text)) return 'device-lost';
  return null;
}

/**
 * Runs `step` with `batch`, and on out-of-memory again with half as many (down to one); any other error
 * is rethrown as it is. `onHalve` hears each retry (a job logs it); `step` must start from the same state
 * each time (the caller restores what a failed attempt changed).
 */
export async function withBatchHalving<T>(batch: number, step: (batch: number) => Promise<T>, onHalve?: (next: number, failed: number) => void): Promise<{ value: T; batch: number }> {
  const tried: number[] = [];
  for (let b = Math.max(1, Math.floor(batch)); ; b = Math.ceil(b / 2)) {
    try {
      return { value: await step(b), batch: b };
    } catch (err) {
      if (gpuFailureOf(err) !== 'out-of-memory') throw err;
      tried.push(b);
      if (b === 1) {
        const detail = err instanceof Error ? err.message : String(err);
        throw new AssayError('GPU', `The GPU ran out of memory even one image at a time (batches of ${tried.join(', ')} tried). Use a smaller input size, or ${cpuWay}.`, detail);
      }
      onHalve?.(Math.ceil(b / 2), b);
    }
  }
}

/**
 * The error a job fails with when it ran on a GPU: a lost device (`lost` is the reason the device gave, when
 * it said one) or a GPU error becomes a GPU error that says what happened and how to run on the CPU.
 */
export function explainGpuFailure(err: unknown, lost: string | null): unknown {
  if (err instanceof AssayError && err.code === 'GPU') return err;
  const kind = lost !== null ? 'device-lost' : gpuFailureOf(err);
  if (kind === null) return err;
  const cause = err instanceof Error ? err.message : String(err);
  if (kind === 'device-lost') {
    return new AssayError('GPU', `The GPU was lost while the job ran (${lost || cause}); nothing of it was kept. Run it again, or ${cpuWay}.`, cause);
  }
  return new AssayError('GPU', `The GPU ran out of memory (${cause}); nothing of the job was kept. Use a smaller batch or input size, or ${cpuWay}.`, cause);
}
