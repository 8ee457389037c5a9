import { describe, expect, it } from 'vitest';
import { batchPlan, largestActivationBytes } from './batch-plan';

const gpu = (maxStorageBufferBindingSize: number) => ({ name: 'webgpu' as const, gpu: { adapter: 'Test GPU', software: false, maxStorageBufferBindingSize, maxBufferSize: maxStorageBufferBindingSize } });

describe('batchPlan', () => {
  it('keeps the CPU batches (16, the spec bounded by 16) on wasm, cpu and tfjs-node', () => {
    for (const name of ['wasm', 'cpu', 'tensorflow'] as const) expect(batchPlan({ name }, 224, 32)).toEqual({ embed: 16, fineTune: 16, note: '' });
    expect(batchPlan({ name: 'wasm' }, 224, 8).fineTune).toBe(8);
  });

  it("on webgpu grows the batch to what one buffer of the adapter holds, up to 64", () => {
    // 224 px: 112² × 96 floats = 4.6 MiB per image in MobileNetV2's widest layer.
    expect(largestActivationBytes(224)).toBe(112 * 112 * 96 * 4);
    // WebGPU's default 128 MiB binding (an adapter that reports no more): 27 images.
    const small = batchPlan(gpu(128 * 2 ** 20), 224, 32);
    expect(small).toMatchObject({ embed: 27, fineTune: 27 });
    expect(small.note).toBe('batches of 27 (fine-tuning 27) on Test GPU: 5 MB per image in its largest layer, 128 MB per buffer');
    // An H100-class adapter (~4 GiB per binding): the cap, and the spec's own fine-tuning batch.
    expect(batchPlan(gpu(4 * 2 ** 30), 224, 32)).toMatchObject({ embed: 64, fineTune: 32 });
    // Even an adapter too small for one image gets a batch of one (the out-of-memory retry says the rest).
    expect(batchPlan(gpu(2 ** 20), 224, 32)).toMatchObject({ embed: 1, fineTune: 1 });
  });

  it('uses the spec batch on CUDA, whose limits tfjs-node-gpu does not report', () => {
    expect(batchPlan({ name: 'tensorflow-gpu' }, 224, 48)).toMatchObject({ embed: 64, fineTune: 48 });
  });
});
