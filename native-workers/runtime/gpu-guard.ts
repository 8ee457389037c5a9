import { GpuOutOfMemory } from '../ml/gpu-failure';

type Tf = typeof import('@tensorflow/tfjs');

interface ErrorScopedDevice {
  pushErrorScope(filter: 'out-of-memory'): void;
  popErrorScope(): Promise<{ readonly message: string } | null>;
  readonly lost?: Promise<{ readonly message?: string; readonly reason?: string }>;
}

/** The WebGPU device under tfjs, when the webgpu backend is the active one. */
export function webgpuDevice(tf: Tf): ErrorScopedDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: ErrorScopedDevice }).device;
  return device && typeof device.pushErrorScope === 'function' ? device : null;
}

/**
 * Runs `fn` inside a WebGPU out-of-memory error scope and throws GpuOutOfMemory if any allocation in it
 * failed: WebGPU reports a failed allocation only there (tfjs does not check), and without the scope the
 * step would go on with an invalid buffer. Elsewhere it just runs `fn`.
 */
export async function guardGpu<T>(tf: Tf, fn: () => Promise<T>): Promise<T> {
  const device = webgpuDevice(tf);
  if (!device) return fn();
  device.pushErrorScope('out-of-memory');
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    await device.popErrorScope();
    throw err;
  }
  const oom = await device.popErrorScope();
  if (oom) throw new GpuOutOfMemory(`GPU out of memory: ${oom.message}`);
  return value;
}

let lostReason: string | null = null;

/** Remembers why the device was lost, when it is: a job that fails afterwards says so (see explainGpuFailure). */
export function watchDeviceLost(tf: Tf): void {
  void webgpuDevice(tf)?.lost?.then((info) => {
    lostReason = info.message || info.reason || 'no reason given';
  });
}

export function deviceLostReason(): string | null {
  return lostReason;
}
