import type { GpuAdapterInfo } from '../../preload/contract/types';

/**
 * WebGPU in a plain Node worker through the optional `webgpu` package (Dawn's dawn.node), for
 * @tensorflow/tfjs-backend-webgpu. Only the few members used here are typed: the worker's tsconfig
 * carries no DOM/WebGPU lib, and Dawn's objects are native, so they are patched in place, never copied.
 */

interface GpuLimitsLike {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

interface DeviceDescriptorLike {
  requiredFeatures?: Iterable<unknown>;
  requiredLimits?: Record<string, number>;
  [key: string]: unknown;
}

export interface GpuAdapterLike {
  readonly limits: GpuLimitsLike;
  readonly info?: {
    readonly vendor?: string; readonly architecture?: string; readonly device?: string; readonly description?: string; readonly isFallbackAdapter?: boolean;
  };
  requestDevice(descriptor?: DeviceDescriptorLike): Promise<unknown>;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

interface WebgpuModule {
  create(options: string[]): GpuLike;
  globals: object;
}

/** What a platform's Dawn looks for, for the "no adapter" reason. */
export function noAdapterReason(platform: NodeJS.Platform = process.platform): string {
  const api = platform === 'darwin' ? 'Metal device' : platform === 'win32' ? 'D3D12 or Vulkan driver' : 'Vulkan driver';
  return `no adapter (Dawn found no ${api})`;
}

/** A failure that names why the WebGPU backend cannot be used, as the backend order reports it. */
export class WebgpuUnavailable extends Error {}

/**
 * Makes `adapter.requestDevice` ask for what tfjs needs and Dawn accepts: tfjs-backend-webgpu 4.22 pushes
 * `['bgra8unorm-storage']` (an array) into requiredFeatures, which Dawn refuses, so the list is flattened;
 * and the adapter's own storage-buffer and buffer limits are requested, since the defaults (128 MiB /
 * 256 MiB) are far below a real GPU's and would cap the batch a layer can hold.
 */
export function patchRequestDevice(adapter: GpuAdapterLike): GpuAdapterLike {
  const original = adapter.requestDevice.bind(adapter);
  const requestDevice = (descriptor: DeviceDescriptorLike = {}): Promise<unknown> =>
    original({
      ...descriptor,
      requiredFeatures: [...(descriptor.requiredFeatures ?? [])].flat(),
      requiredLimits: {
        ...descriptor.requiredLimits,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
  Object.defineProperty(adapter, 'requestDevice', { value: requestDevice, configurable: true, writable: true });
  return adapter;
}

/**
 * The software rasterisers Dawn may find, by what their drivers call themselves (lavapipe reports
 * "llvmpipe: Mesa …" and architecture "software"; Dawn's own fallback is SwiftShader).
 */
const softwareNames: readonly [RegExp, string][] = [
  [/llvmpipe|lavapipe/i, 'lavapipe'],
  [/swiftshader/i, 'SwiftShader'],
  [/\bwarp\b|microsoft basic render/i, 'WARP'],
];

export function describeAdapter(adapter: GpuAdapterLike): GpuAdapterInfo {
  const info = adapter.info ?? {};
  const named = info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ');
  const text = [info.description, info.device, info.vendor].join(' ');
  const soft = softwareNames.find(([re]) => re.test(text));
  const software = info.isFallbackAdapter === true || info.architecture === 'software' || soft !== undefined;
  return {
    adapter: software ? `software (${soft?.[1] ?? (named || 'unnamed')})` : named || 'unnamed adapter',
    software,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

/**
 * `navigator.gpu` for tfjs: it must exist before @tensorflow/tfjs-backend-webgpu is loaded (the module
 * registers its backend only if it sees one). Node 21+ and Electron define a read-only `navigator`
 * getter, so the property is redefined rather than assigned.
 */
function installNavigator(gpu: GpuLike): void {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true, enumerable: true });
}

let setup: Promise<GpuAdapterInfo> | null = null;
let instance: GpuLike | null = null;

/**
 * Loads Dawn once, finds an adapter and installs `navigator.gpu` serving that (patched) adapter. Rejects
 * with WebgpuUnavailable and the reason when there is none; `load` is how the optional package is imported.
 */
export function setUpWebgpu(load: () => Promise<unknown>): Promise<GpuAdapterInfo> {
  setup ??= (async () => {
    const webgpu = (await load()) as WebgpuModule;
    Object.assign(globalThis, webgpu.globals);
    const gpu = (instance = webgpu.create([]));
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new WebgpuUnavailable(noAdapterReason());
    patchRequestDevice(adapter);
    installNavigator({ requestAdapter: () => Promise.resolve(adapter) });
    return describeAdapter(adapter);
  })();
  // Kept when it failed too: a second Dawn instance would find no more adapters than the first.
  return setup;
}

/**
 * A device of its own for compute kernels beside tfjs' (the GPU boosting learner): a second adapter from
 * the same Dawn instance, since an adapter gives one device. Rejects as setUpWebgpu does, and for a
 * software adapter unless allowed.
 */
export async function requestComputeDevice(load: () => Promise<unknown>, allowSoftware: boolean): Promise<{ device: unknown; info: GpuAdapterInfo }> {
  const info = await setUpWebgpu(load);
  // Refused before any device exists: a software adapter's device spins up its CPU threads for nothing.
  if (info.software && !allowSoftware) throw new WebgpuUnavailable(`only a ${info.adapter} adapter here, slower than the CPU (ASSAY_BACKEND=webgpu uses it anyway)`);
  const adapter = await instance?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebgpuUnavailable(noAdapterReason());
  return { device: await patchRequestDevice(adapter).requestDevice(), info };
}
