import type { BackendInfo } from '../../../preload/contract/types';

/**
 * How many images go through the backbone at once. On the CPU backends 16 (more only costs memory: the
 * cores are busy either way). On a GPU the batch is what keeps it busy, so it grows until one layer's
 * activations for the whole batch would exceed what one storage buffer may hold on this adapter
 * (maxStorageBufferBindingSize: a WebGPU tensor is one buffer), capped at 64 where throughput flattens.
 */
export interface BatchPlan {
  /** Images per forward pass (embedding, prediction, test-set scoring). */
  readonly embed: number;
  /** Images per fine-tuning step (the spec's batch size, bounded). */
  readonly fineTune: number;
  /** What the plan was based on, for the estimate's detail; empty on the CPU. */
  readonly note: string;
}

const cpuBatch = 16;
const gpuBatchCap = 64;

/** Bytes of one image's largest activation in a MobileNetV2-like backbone: 96 channels at half resolution, float32. */
export function largestActivationBytes(inputSize: number): number {
  return Math.ceil(inputSize / 2) ** 2 * 96 * 4;
}

export function batchPlan(backend: Pick<BackendInfo, 'name' | 'gpu'>, inputSize: number, requestedFineTune: number): BatchPlan {
  if (backend.name === 'webgpu' && backend.gpu) {
    const perImage = largestActivationBytes(inputSize);
    const fit = Math.max(1, Math.floor(backend.gpu.maxStorageBufferBindingSize / perImage));
    const embed = Math.min(gpuBatchCap, fit);
    const fineTune = Math.max(1, Math.min(requestedFineTune, fit));
    const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
    return { embed, fineTune, note: `batches of ${embed} (fine-tuning ${fineTune}) on ${backend.gpu.adapter}: ${mb(perImage)} per image in its largest layer, ${mb(backend.gpu.maxStorageBufferBindingSize)} per buffer` };
  }
  // CUDA through tfjs-node-gpu has no per-buffer limit to respect: the spec's batch, the cap for embedding.
  if (backend.name === 'tensorflow-gpu') return { embed: gpuBatchCap, fineTune: Math.max(1, requestedFineTune), note: `batches of ${gpuBatchCap} on CUDA` };
  return { embed: cpuBatch, fineTune: Math.max(1, Math.min(requestedFineTune, cpuBatch)), note: '' };
}
