import { describe, expect, it } from 'vitest';
import { AssayError } from '../../preload/contract/errors';
import { explainGpuFailure, gpuFailureOf, GpuOutOfMemory, withBatchHalving } from './gpu-failure';

/** A step that runs out of memory above `fits` images, recording every batch it was given. */
function stepFitting(fits: number) {
  const seen: number[] = [];
  const step = async (batch: number): Promise<string> => {
    seen.push(batch);
    if (batch > fits) throw new GpuOutOfMemory(`GPU out of memory: allocating ${batch * 4.6} MB`);
    return `trained with ${batch}`;
  };
  return { step, seen };
}

describe('withBatchHalving', () => {
  it('halves the batch after out-of-memory until a step fits, and says so at each retry', async () => {
    const { step, seen } = stepFitting(7);
    const halved: string[] = [];
    const out = await withBatchHalving(32, step, (next, failed) => halved.push(`${failed}→${next}`));
    expect(out).toEqual({ value: 'trained with 4', batch: 4 });
    expect(seen).toEqual([32, 16, 8, 4]);
    expect(halved).toEqual(['32→16', '16→8', '8→4']);
  });

  it('ends with a clear GPU error when even one image does not fit', async () => {
    const { step, seen } = stepFitting(0);
    const err = await withBatchHalving(5, step).catch((e: unknown) => e);
    expect(seen).toEqual([5, 3, 2, 1]);
    expect(err).toBeInstanceOf(AssayError);
    expect((err as AssayError).code).toBe('GPU');
    expect((err as AssayError).message).toBe(
      'The GPU ran out of memory even one image at a time (batches of 5, 3, 2, 1 tried). Use a smaller input size, or start Assay (or the assay command) with ASSAY_BACKEND=wasm to run it on the CPU.',
    );
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    const err = await withBatchHalving(16, async () => {
      calls++;
      throw new Error('image 3 is corrupt');
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as Error).message).toBe('image 3 is corrupt');
  });
});

describe('GPU failures', () => {
  it('tells out-of-memory and a lost device from other errors', () => {
    expect(gpuFailureOf(new Error('OOM when allocating tensor with shape[64,112,112,96] and type float on /job:localhost/replica:0/task:0/device:GPU:0'))).toBe('out-of-memory');
    // WebAssembly's own out-of-memory is not the GPU's: no halving, no GPU message.
    expect(gpuFailureOf(new Error('Aborted(Cannot enlarge memory arrays): out of memory'))).toBeNull();
    expect(gpuFailureOf(new Error('GPUDevice was lost: the driver was reset'))).toBe('device-lost');
    expect(gpuFailureOf(new Error('Cannot read properties of undefined'))).toBeNull();
  });

  it('turns a failure after the device was lost into a GPU error naming the reason and the CPU way', () => {
    const err = explainGpuFailure(new Error('Buffer is invalid'), 'Device was destroyed.') as AssayError;
    expect(err.code).toBe('GPU');
    expect(err.message).toBe(
      'The GPU was lost while the job ran (Device was destroyed.); nothing of it was kept. Run it again, or start Assay (or the assay command) with ASSAY_BACKEND=wasm to run it on the CPU.',
    );
    expect(err.detail).toBe('Buffer is invalid');
    const plain = new Error('a column is missing');
    expect(explainGpuFailure(plain, null)).toBe(plain);
  });
});

describe('GPU failures: the remaining forms (#22)', () => {
  it('reads WebGPU\'s and plain-string errors, and words in any case', () => {
    expect(gpuFailureOf(new GpuOutOfMemory('anything'))).toBe('out-of-memory');
    expect(gpuFailureOf(new Error('GPUOutOfMemoryError: buffer too large'))).toBe('out-of-memory');
    expect(gpuFailureOf('oom when allocating tensor on /device:gpu:0')).toBe('out-of-memory');
    expect(gpuFailureOf('OOM when allocating tensor on /device:CPU:0')).toBeNull();
    expect(gpuFailureOf('the device is lost')).toBe('device-lost');
    expect(gpuFailureOf(new Error('Device lost'))).toBe('device-lost');
    expect(gpuFailureOf(new Error('VK_ERROR_DEVICE_LOST'))).toBe('device-lost');
    expect(gpuFailureOf(new Error('GPUDevice.destroy: lost'))).toBe('device-lost');
    expect(gpuFailureOf(undefined)).toBeNull();
  });

  it('explains out-of-memory, a lost device without a reason, and leaves a GPU error as it is', () => {
    const oom = explainGpuFailure(new Error('GPUOutOfMemoryError: 2 GB'), null) as AssayError;
    expect(oom.code).toBe('GPU');
    expect(oom.message).toBe(
      'The GPU ran out of memory (GPUOutOfMemoryError: 2 GB); nothing of the job was kept. Use a smaller batch or input size, or start Assay (or the assay command) with ASSAY_BACKEND=wasm to run it on the CPU.',
    );
    expect(oom.detail).toBe('GPUOutOfMemoryError: 2 GB');
    const lost = explainGpuFailure('mapAsync failed', '') as AssayError;
    expect(lost.message).toMatch(/^The GPU was lost while the job ran \(mapAsync failed\); nothing of it was kept\./);
    const gpu = new AssayError('GPU', 'already explained');
    expect(explainGpuFailure(gpu, 'Device was destroyed.')).toBe(gpu);
    const other = new AssayError('BAD_INPUT', 'a column is missing');
    expect((explainGpuFailure(other, 'x') as AssayError).code).toBe('GPU');
  });

  it('starts from a whole batch of at least one, and hears no retry when the first fits', async () => {
    for (const [given, first] of [[0, 1], [-4, 1], [6.9, 6]] as const) {
      const { step, seen } = stepFitting(100);
      const halved: number[] = [];
      expect((await withBatchHalving(given, step, (n) => halved.push(n))).batch).toBe(first);
      expect(seen).toEqual([first]);
      expect(halved).toEqual([]);
    }
    const { step, seen } = stepFitting(0);
    const err = (await withBatchHalving(1, step).catch((e: unknown) => e)) as AssayError;
    expect(seen).toEqual([1]);
    expect(err.message).toContain('(batches of 1 tried)');
    expect(err.detail).toBe('GPU out of memory: allocating 4.6 MB');
  });
});
