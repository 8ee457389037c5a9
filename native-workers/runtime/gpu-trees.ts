/**
 * Gradient boosting on a WebGPU device (ml/tabular/trees/gpu/): the runtime a fit gets for
 * `device: 'gpu'`. A software adapter (lavapipe) is used only when asked for (tests, the bench), since
 * it is slower than the CPU learner; a lost device fails the fit with the reason and the way back to the CPU.
 */
import type { GpuAdapterInfo } from '../../preload/contract/types';
import type { GbdtRuntime } from '../ml/tabular/trees/gbdt';
import { GpuTreeGrower, type GpuGrowerOptions, type GpuPassCounts } from '../ml/tabular/trees/gpu/grower';
import type { GpuDeviceLike } from '../ml/tabular/trees/gpu/webgpu-types';
import { importOptional } from './backend';
import { requestComputeDevice } from './webgpu';

export interface GpuTrees {
  readonly runtime: Required<Pick<GbdtRuntime, 'gpu'>>;
  readonly adapter: GpuAdapterInfo;
  /** Histogram passes so far, privatized and with global atomics only. */
  readonly passes: GpuPassCounts;
  /** Set once the device is lost (the driver's message). */
  lost(): string | null;
  destroy(): void;
}

export async function openGpuTrees(opts: { readonly allowSoftware: boolean } & GpuGrowerOptions): Promise<GpuTrees> {
  const { device: raw, info } = await requestComputeDevice(() => importOptional('webgpu'), opts.allowSoftware);
  const device = raw as GpuDeviceLike;
  let lostWith: string | null = null;
  void device.lost?.then((l) => {
    lostWith = l.message || 'the device was lost';
  });
  const passes = { private: 0, global: 0 };
  return {
    adapter: info,
    passes,
    runtime: { gpu: { makeGrower: (binned) => GpuTreeGrower.create(device, binned, opts, passes) } },
    lost: () => lostWith,
    destroy: () => device.destroy(),
  };
}
