import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';

/** For tests: tfjs on its wasm backend, its .wasm files read from the installed package (no network). */
export async function useWasmBackend(): Promise<void> {
  setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
}
