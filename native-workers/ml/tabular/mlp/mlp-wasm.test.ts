// Its own file: vitest runs each file in its own process, so switching backend here leaves mlp.test.ts on cpu.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../linear/fixtures/datasets';
import type { FitOptions } from '../model';
import { Mlp } from './mlp';

describe('Mlp on the wasm backend', () => {
  beforeAll(async () => {
    // As runtime/backend.ts does: the .wasm files sit in the package's dist/.
    setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
    expect(await tf.setBackend('wasm')).toBe(true);
    await tf.ready();
  });

  it('trains reproducibly, frees its tensors and agrees with the cpu backend on restored weights', async () => {
    const { X, y } = dataset('breast_cancer');
    const before = tf.memory().numTensors;
    const opts: FitOptions = { task: 'binary', nClasses: 2, seed: 42 };
    const m = new Mlp({ epochs: 15, dropout: 0.2 });
    await m.fit(X, y, opts);
    const proba = m.predict(X);
    let right = 0;
    for (let i = 0; i < y.length; i++) if ((proba[2 * i + 1]! > 0.5 ? 1 : 0) === y[i]) right++;
    expect(right / y.length).toBeGreaterThan(0.97);
    const again = new Mlp({ epochs: 15, dropout: 0.2 });
    await again.fit(X, y, opts);
    expect(Array.from(again.predict(X))).toEqual(Array.from(proba));
    expect(tf.memory().numTensors).toBe(before);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(Array.from(Mlp.fromJSON(json).predict(X))).toEqual(Array.from(proba));
    // The same weights on the cpu backend: float32 kernels differ only in rounding.
    await tf.setBackend('cpu');
    const onCpu = Mlp.fromJSON(json).predict(X);
    let worst = 0;
    for (let i = 0; i < proba.length; i++) worst = Math.max(worst, Math.abs(onCpu[i]! - proba[i]!));
    expect(worst).toBeLessThan(1e-5);
    await tf.setBackend('wasm');
  });
});
