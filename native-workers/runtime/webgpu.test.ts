import { describe, expect, it } from 'vitest';
import { describeAdapter, noAdapterReason, patchRequestDevice, setUpWebgpu, WebgpuUnavailable, type GpuAdapterLike } from './webgpu';

/** An adapter that records what requestDevice was asked for, as Dawn's would receive it. */
function recordingAdapter(): { adapter: GpuAdapterLike; asked: unknown[] } {
  const asked: unknown[] = [];
  const adapter: GpuAdapterLike = {
    limits: { maxStorageBufferBindingSize: 4 * 2 ** 30, maxBufferSize: 8 * 2 ** 30 },
    info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 PCIe' },
    requestDevice(descriptor) {
      asked.push(descriptor);
      return Promise.resolve({});
    },
  };
  return { adapter, asked };
}

describe('patchRequestDevice', () => {
  it("flattens tfjs' nested requiredFeatures and asks for the adapter's buffer limits", async () => {
    const { adapter, asked } = recordingAdapter();
    patchRequestDevice(adapter);
    // What tfjs-backend-webgpu 4.22 passes when the adapter has both features.
    await adapter.requestDevice({ requiredFeatures: ['timestamp-query', ['bgra8unorm-storage']], requiredLimits: { maxComputeWorkgroupSizeX: 1024 } });
    expect(asked).toEqual([
      {
        requiredFeatures: ['timestamp-query', 'bgra8unorm-storage'],
        requiredLimits: { maxComputeWorkgroupSizeX: 1024, maxStorageBufferBindingSize: 4 * 2 ** 30, maxBufferSize: 8 * 2 ** 30 },
      },
    ]);
  });

  it('names the adapter by its description, else by vendor and architecture', () => {
    expect(describeAdapter(recordingAdapter().adapter)).toEqual({ adapter: 'NVIDIA H100 PCIe', software: false, maxStorageBufferBindingSize: 4 * 2 ** 30, maxBufferSize: 8 * 2 ** 30 });
    const plain = { ...recordingAdapter().adapter, info: { vendor: 'amd', architecture: 'rdna-3' } };
    expect(describeAdapter(plain).adapter).toBe('amd rdna-3');
  });

  it("names a software rasteriser as such, by Dawn's fallback flag or the driver's own name", () => {
    // What Mesa 25's lavapipe reports through Dawn (seen on this project's CI machine).
    const lavapipe = {
      ...recordingAdapter().adapter,
      info: { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', isFallbackAdapter: true },
    };
    expect(describeAdapter(lavapipe)).toMatchObject({ adapter: 'software (lavapipe)', software: true });
    const swiftshader = { ...recordingAdapter().adapter, info: { vendor: 'google', description: 'SwiftShader Device (Subzero)' } };
    expect(describeAdapter(swiftshader)).toMatchObject({ adapter: 'software (SwiftShader)', software: true });
  });
});

describe('setUpWebgpu', () => {
  it("says which driver Dawn looked for on each platform's no-adapter", () => {
    expect(noAdapterReason('linux')).toBe('no adapter (Dawn found no Vulkan driver)');
    expect(noAdapterReason('darwin')).toBe('no adapter (Dawn found no Metal device)');
    expect(noAdapterReason('win32')).toBe('no adapter (Dawn found no D3D12 or Vulkan driver)');
  });

  it('finds an adapter through the real dawn.node, or fails with the reason and no navigator.gpu', async () => {
    const navigatorBefore = (globalThis as { navigator?: unknown }).navigator;
    try {
      const gpu = await setUpWebgpu(() => import('webgpu'));
      // Where a Vulkan driver exists (on CI, Mesa's lavapipe): the adapter is named and its limits read.
      expect(gpu.adapter.length).toBeGreaterThan(0);
      if (gpu.software) expect(gpu.adapter).toMatch(/^software \(/);
      expect(gpu.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    } catch (err) {
      expect(err).toBeInstanceOf(WebgpuUnavailable);
      expect((err as Error).message).toBe(noAdapterReason());
      expect((globalThis as { navigator?: unknown }).navigator).toBe(navigatorBefore);
    }
  });
});
