import path from 'node:path';
import type { BackendInfo, BackendName } from '../../preload/contract/types';

/**
 * Picks the fastest TensorFlow.js backend that works in this worker:
 * tfjs-node-gpu → tfjs-node → wasm → cpu. ASSAY_BACKEND=<name> starts the
 * search at that backend (to test the fallbacks, or to avoid a broken GPU).
 */
const order: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

type Tf = typeof import('@tensorflow/tfjs');

let chosen: Promise<{ tf: Tf; info: BackendInfo }> | null = null;

export function loadTf(): Promise<{ tf: Tf; info: BackendInfo }> {
  chosen ??= pick();
  return chosen;
}

export async function probeBackend(): Promise<BackendInfo> {
  return (await loadTf()).info;
}

function requireOptional(name: string): unknown {
  // A computed name keeps the bundler from trying to resolve optional packages, which may be absent.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(name) as unknown;
}

async function attempt(name: BackendName): Promise<Tf> {
  switch (name) {
    case 'tensorflow-gpu':
      return requireOptional('@tensorflow/tfjs-node-gpu') as Tf;
    case 'tensorflow':
      return requireOptional('@tensorflow/tfjs-node') as Tf;
    case 'wasm': {
      const tf = requireOptional('@tensorflow/tfjs') as Tf;
      const wasm = requireOptional('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
      const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
      wasm.setWasmPaths(dist);
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
      return tf;
    }
    case 'cpu': {
      const tf = requireOptional('@tensorflow/tfjs') as Tf;
      if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") returned false');
      return tf;
    }
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n')[0] ?? text;
  return /Cannot find module/.test(line) ? 'not installed' : line.slice(0, 200);
}

async function pick(): Promise<{ tf: Tf; info: BackendInfo }> {
  const forced = process.env['ASSAY_BACKEND'] as BackendName | undefined;
  const start = forced && order.includes(forced) ? order.indexOf(forced) : 0;
  const tried: { name: BackendName; error: string }[] = [];
  for (const name of order.slice(start)) {
    try {
      const tf = await attempt(name);
      await tf.ready();
      // Prove it computes before calling it chosen.
      const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]);
      if (sum !== 3) throw new Error(`self-check computed ${sum}`);
      const skipped = forced && start > 0 ? `ASSAY_BACKEND=${forced}; ` : '';
      const reason =
        tried.length === 0
          ? `${skipped}${name} is the first choice and works`
          : `${skipped}${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`;
      return { tf, info: { name, reason, tried } };
    } catch (err) {
      tried.push({ name, error: describe(err) });
    }
  }
  throw new Error(`No TensorFlow.js backend works: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`);
}
