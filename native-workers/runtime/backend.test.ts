import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { BackendName } from '../../preload/contract/types';
import { backendOrder, describeFailure, loadTf, pickBackend, refuseSoftware } from './backend';

/** Loads the cpu backend for `works`, fails the rest as their packages would. */
function loader(works: BackendName, failures: Partial<Record<BackendName, Error>>) {
  const calls: BackendName[] = [];
  const load = async (name: BackendName) => {
    calls.push(name);
    if (name !== works) throw failures[name] ?? new Error(`Cannot find module '${name}'`);
    await tf.setBackend('cpu');
    return name === 'webgpu' ? { tf, gpu: { adapter: 'Test GPU', software: false, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 32 } } : { tf };
  };
  return { load, calls };
}

describe('backend order', () => {
  it('is tfjs-node-gpu → webgpu → tfjs-node → wasm → cpu', () => {
    expect(backendOrder).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
  });

  it('names every skipped backend with its reason', async () => {
    const { load, calls } = loader('wasm', { webgpu: new Error('no adapter (Dawn found no Vulkan driver)') });
    const { info } = await pickBackend(backendOrder, load);
    expect(calls).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm']);
    expect(info).toEqual({
      name: 'wasm',
      reason: 'tensorflow-gpu: not installed; webgpu: no adapter (Dawn found no Vulkan driver); tensorflow: not installed',
      tried: [
        { name: 'tensorflow-gpu', error: 'not installed' },
        { name: 'webgpu', error: 'no adapter (Dawn found no Vulkan driver)' },
        { name: 'tensorflow', error: 'not installed' },
      ],
    });
  });

  it('keeps the adapter of a chosen webgpu and names it in the reason', async () => {
    const { info } = await pickBackend(backendOrder, loader('webgpu', {}).load);
    expect(info.name).toBe('webgpu');
    expect(info.reason).toBe('tensorflow-gpu: not installed; webgpu on Test GPU');
    expect(info.gpu?.adapter).toBe('Test GPU');
  });

  it('ASSAY_BACKEND=webgpu starts at webgpu, and its failure is the reason for what follows', async () => {
    const { load, calls } = loader('tensorflow', { webgpu: new Error('no adapter (Dawn found no Vulkan driver)') });
    const { info } = await pickBackend(backendOrder, load, 'webgpu');
    expect(calls).toEqual(['webgpu', 'tensorflow']);
    expect(info.reason).toBe('ASSAY_BACKEND=webgpu; webgpu: no adapter (Dawn found no Vulkan driver)');
  });

  it('passes a software adapter by for training unless webgpu was asked for', () => {
    const lavapipe = { adapter: 'software (lavapipe)', software: true, maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 };
    const why = 'only a software (lavapipe) adapter, slower than wasm (ASSAY_BACKEND=webgpu uses it anyway)';
    let refused: unknown = null;
    try {
      refuseSoftware(lavapipe, false);
    } catch (err) {
      refused = err;
    }
    // The whole sentence reaches the top bar's reason (a WebgpuUnavailable is not cut to 200 characters).
    expect(describeFailure(refused)).toBe(why);
    expect(() => refuseSoftware(lavapipe, true)).not.toThrow();
    expect(() => refuseSoftware({ ...lavapipe, adapter: 'NVIDIA H100', software: false }, false)).not.toThrow();
  });

  it('ASSAY_BACKEND=wasm skips the GPUs (the "run on CPU" way out of a broken driver)', async () => {
    const { load, calls } = loader('wasm', {});
    const { info } = await pickBackend(backendOrder, load, 'wasm');
    expect(calls).toEqual(['wasm']);
    expect(info.reason).toBe('ASSAY_BACKEND=wasm; wasm is the first choice and works');
  });

  it('ignores an unknown ASSAY_BACKEND and fails with every reason when none works', async () => {
    const { load } = loader('cpu', { cpu: new Error('x') });
    await expect(pickBackend(['webgpu', 'cpu'], async (n) => (n === 'cpu' ? Promise.reject(new Error('broken')) : load(n)), 'cuda')).rejects.toThrow(
      'No TensorFlow.js backend works: webgpu: not installed; cpu: broken',
    );
  });

  it('reads a missing CommonJS or ES package as "not installed"', async () => {
    const esm = await import('assay-no-such-package' as string).catch((e: unknown) => e);
    expect(describeFailure(esm)).toBe('not installed');
    expect(describeFailure(new Error("Cannot find module '@tensorflow/tfjs-node'\nRequire stack: …"))).toBe('not installed');
    expect(describeFailure(new Error('the driver refused a device on X\nat …'))).toBe('the driver refused a device on X');
  });
});

describe('loadTf on this machine', () => {
  it('picks a backend that computes, naming why each before it was skipped', async () => {
    const { tf: chosen, info } = await loadTf();
    expect(chosen.getBackend()).toBe(info.name === 'tensorflow-gpu' || info.name === 'tensorflow' ? 'tensorflow' : info.name);
    const webgpu = info.tried.find((t) => t.name === 'webgpu');
    if (info.name !== 'webgpu' && info.name !== 'tensorflow-gpu') {
      // No GPU here (CI: lavapipe only): webgpu was tried and said why not, in the reason the top bar and
      // `assay info` show; a software adapter is never chosen for training unasked.
      expect(webgpu?.error).toMatch(/^(no adapter \(Dawn found no .+\)|not installed|only a software \(.+\) adapter, slower than wasm .+)$/);
      expect(info.reason).toContain(`webgpu: ${webgpu?.error}`);
    } else {
      expect(info.gpu?.software).not.toBe(true);
      expect(info.gpu?.adapter ?? info.name).toBeTruthy();
    }
  });
});
