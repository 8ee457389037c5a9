import type { BackendName } from './types';

/** Whether a backend computes on a GPU: its jobs then share the device (the job manager's GPU slots). */
export function isGpuBackend(name: BackendName): boolean {
  return name === 'tensorflow-gpu' || name === 'webgpu';
}
