import path from 'node:path';
import type { BackendInfo, BackendName, GpuAdapterInfo } from '../../preload/contract/types';
import { readScalar } from '../ml/tf-read';
import { setUpWebgpu, WebgpuUnavailable } from './webgpu';
import { deviceLostReason, watchDeviceLost } from './gpu-guard';
import { explainGpuFailure } from '../ml/gpu-failure';
import { isGpuBackend } from '../../preload/contract/backend';

/**
 * Picks the fastest TensorFlow.js backend that works in this worker:
 * tfjs-node-gpu (CUDA 11) → webgpu (Dawn: Vulkan, Metal, D3D12) → tfjs-node → wasm → cpu.
 * ASSAY_BACKEND=<name> starts the search at that backend (to force webgpu past tfjs-node-gpu, to
 * test the fallbacks, or to avoid a broken GPU with ASSAY_BACKEND=wasm).
 */
export const backendOrder: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

type Tf = typeof import('@tensorflow/tfjs');

interface Loaded {
  readonly tf: Tf;
  readonly gpu?: GpuAdapterInfo;
}

let chosen: Promise<{ tf: Tf; info: BackendInfo }> | null = null;
let picked: BackendInfo | null = null;

export function loadTf(): Promise<{ tf: Tf; info: BackendInfo }> {
  const forced = process.env['ASSAY_BACKEND'];
  chosen ??= pickBackend(backendOrder, (name) => attempt(name, forced === 'webgpu'), forced).then((r) => {
    picked = r.info;
    return r;
  });
  return chosen;
}

/** A job's failure as the user should read it: on a GPU backend, a lost device or out-of-memory says so and how to run on the CPU. */
export function gpuJobError(err: unknown): unknown {
  return picked && isGpuBackend(picked.name) ? explainGpuFailure(err, deviceLostReason()) : err;
}

export async function probeBackend(): Promise<BackendInfo> {
  return (await loadTf()).info;
}

function requireOptional(name: string): unknown {
  // A computed name keeps the bundler from trying to resolve optional packages, which may be absent.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(name) as unknown;
}

/** `webgpu` is an ES module: import()ed, by a computed name for the same reason as requireOptional. */
export function importOptional(name: string): Promise<unknown> {
  return import(name) as Promise<unknown>;
}

async function setBackend(tf: Tf, name: string): Promise<Tf> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
  return tf;
}

/**
 * A software adapter (lavapipe, SwiftShader) runs WebGPU on the CPU, slower than wasm: the backend order
 * passes it by with this reason, and only ASSAY_BACKEND=webgpu (or a test that switches to it) uses it.
 */
export function refuseSoftware(gpu: GpuAdapterInfo, allowSoftware: boolean): void {
  if (gpu.software && !allowSoftware) {
    throw new WebgpuUnavailable(`only a ${gpu.adapter} adapter, slower than wasm (ASSAY_BACKEND=webgpu uses it anyway)`);
  }
}

async function attempt(name: BackendName, allowSoftware: boolean): Promise<Loaded> {
  switch (name) {
    case 'tensorflow-gpu':
      return { tf: requireOptional('@tensorflow/tfjs-node-gpu') as Tf };
    case 'webgpu': {
      // The backend module is resolved first so a missing package reads "not installed", not "no adapter".
      const backendModule = require.resolve('@tensorflow/tfjs-backend-webgpu');
      const gpu = await setUpWebgpu(() => importOptional('webgpu'));
      refuseSoftware(gpu, allowSoftware);
      const tf = requireOptional('@tensorflow/tfjs') as Tf;
      requireOptional(backendModule);
      if (!tf.findBackendFactory('webgpu')) throw new Error('tfjs-backend-webgpu did not register (navigator.gpu was not seen)');
      if (!(await tf.setBackend('webgpu'))) throw new Error(`the driver refused a device on ${gpu.adapter}`);
      watchDeviceLost(tf);
      return { tf, gpu };
    }
    case 'tensorflow':
      return { tf: requireOptional('@tensorflow/tfjs-node') as Tf };
    case 'wasm': {
      const tf = requireOptional('@tensorflow/tfjs') as Tf;
      const wasm = requireOptional('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
      const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
      wasm.setWasmPaths(dist);
      return { tf: await setBackend(tf, 'wasm') };
    }
    case 'cpu':
      return { tf: await setBackend(requireOptional('@tensorflow/tfjs') as Tf, 'cpu') };
  }
}

/**
 * Switches this process to `name` whatever loadTf chose (the parity test and bench/gpu.mjs compare webgpu
 * and wasm in one run; tensors made on one backend move to the other when read), a software adapter
 * included. Throws why it cannot.
 */
export async function switchBackend(name: 'webgpu' | 'wasm' | 'cpu'): Promise<{ tf: Tf; gpu?: GpuAdapterInfo }> {
  await loadTf();
  return attempt(name, true);
}

/** One line saying why a backend was skipped: "not installed" for an absent optional package. */
export function describeFailure(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n')[0] ?? text;
  if (err instanceof WebgpuUnavailable) return line;
  return /Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(line) ? 'not installed' : line.slice(0, 200);
}

/**
 * Tries `order` from `forced` (ASSAY_BACKEND) on, keeping each failure's reason; the first backend that
 * loads and computes 1 + 2 = 3 is chosen. `load` is what loading one means (the real loaders, or a test's).
 */
export async function pickBackend(
  order: readonly BackendName[],
  load: (name: BackendName) => Promise<Loaded>,
  forcedName?: string,
): Promise<{ tf: Tf; info: BackendInfo }> {
  const forced = order.find((n) => n === forcedName);
  const start = forced ? order.indexOf(forced) : 0;
  const tried: { name: BackendName; error: string }[] = [];
  for (const name of order.slice(start)) {
    try {
      const { tf, gpu } = await load(name);
      await tf.ready();
      // Prove it computes before calling it chosen.
      const sum = await readScalar(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2))));
      if (sum !== 3) throw new Error(`self-check computed ${sum}`);
      const skipped = forced && start > 0 ? `ASSAY_BACKEND=${forced}; ` : '';
      const on = gpu ? ` on ${gpu.adapter}` : '';
      const reason =
        tried.length === 0
          ? `${skipped}${name} is the first choice and works${on}`
          : `${skipped}${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}${on ? `; ${name}${on}` : ''}`;
      return { tf, info: { name, reason, tried, ...(gpu ? { gpu } : {}) } };
    } catch (err) {
      tried.push({ name, error: describeFailure(err) });
    }
  }
  throw new Error(`No TensorFlow.js backend works: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`);
}
