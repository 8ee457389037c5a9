import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseHead, tinyMobileNetV2 } from './finetune-fixtures';
import { unfreezeTopBlocks } from './finetune';
import { splitForward } from './split-forward';
import { useWasmBackend } from '../../runtime/wasm-testing';

/**
 * input → dense `a` (frozen) → relu `act` (no weights, trainable flag left on) → dropout `drop` → dense `b` (trainable).
 * Only `b` owns trainable weights, so the frontier is drop's output: `act` must not count as trainable just
 * because its flag is on, and the frozen part must run dropout in inference mode.
 */
function chain(): tf.LayersModel {
  const input = tf.input({ shape: [6], name: 'in' });
  const a = tf.layers.dense({ units: 8, name: 'a', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), trainable: false });
  const act = tf.layers.activation({ activation: 'relu', name: 'act' });
  const drop = tf.layers.dropout({ rate: 0.5, name: 'drop' });
  const b = tf.layers.dense({ units: 3, name: 'b', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) });
  const out = b.apply(drop.apply(act.apply(a.apply(input)))) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('splitForward edges (wasm backend)', () => {
  beforeAll(useWasmBackend);

  it('refuses a backbone with two outputs or two inputs', () => {
    const message = 'splitForward wants a backbone with one input and one output';
    const i1 = tf.input({ shape: [2] });
    const twoOut = tf.model({ inputs: i1, outputs: [tf.layers.dense({ units: 1 }).apply(i1), tf.layers.dense({ units: 1 }).apply(i1)] as tf.SymbolicTensor[] });
    expect(() => splitForward(tf, twoOut)).toThrow(message);
    const i2 = tf.input({ shape: [2] });
    const i3 = tf.input({ shape: [2] });
    const joined = tf.layers.concatenate().apply([i2, i3]) as tf.SymbolicTensor;
    const twoIn = tf.model({ inputs: [i2, i3], outputs: tf.layers.dense({ units: 1 }).apply(joined) as tf.SymbolicTensor });
    expect(() => splitForward(tf, twoIn)).toThrow(message);
    twoOut.dispose();
    twoIn.dispose();
  });

  it('cuts at the first tensor a trainable weight reads; frozen runs in inference mode', () => {
    const net = chain();
    const split = splitForward(tf, net);
    // Trainable: b. Frozen: drop, act, a (the graph input is not a layer that runs).
    expect(split.layers).toEqual({ frozen: 3, trainable: 1 });
    const x = tf.tensor2d([0.5, -1, 2, 0.25, 1.5, -0.75, 1, 1, 1, -1, -1, 0.3], [2, 6]);
    const frontier = split.frozen(x);
    expect(frontier).toHaveLength(1);
    // Dropout in training mode would zero about half of the 16 frontier values and scale the rest by 2.
    const [got, want] = tf.tidy(() => [split.trainable(frontier, false).dataSync(), (net.predict(x) as tf.Tensor).dataSync()]);
    expect(Array.from(got!)).toEqual(Array.from(want!));
    tf.dispose([x, ...frontier]);
    net.dispose();
  });

  it('takes the right output of a layer that returns several (an LSTM’s cell state)', () => {
    // lstm returns [output, h, c]; the dense layer reads c (index 2), which differs from output (= h) in general.
    const input = tf.input({ shape: [3, 2], name: 'seq' });
    const lstm = tf.layers.lstm({ units: 4, returnState: true, trainable: false, name: 'lstm', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
    const [, , cell] = lstm.apply(input) as tf.SymbolicTensor[];
    const dense = tf.layers.dense({ units: 2, name: 'top', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) });
    const net = tf.model({ inputs: input, outputs: dense.apply(cell!) as tf.SymbolicTensor });
    const split = splitForward(tf, net);
    expect(split.layers).toEqual({ frozen: 1, trainable: 1 });
    const x = tf.tensor3d([0.5, -1, 2, 0.25, 1.5, -0.75, 1, 1, 1, -1, -1, 0.3], [2, 3, 2]);
    const frontier = split.frozen(x);
    const [got, want] = tf.tidy(() => [split.trainable(frontier, false).dataSync(), (net.predict(x) as tf.Tensor).dataSync()]);
    expect(Array.from(got!)).toEqual(Array.from(want!));
    tf.dispose([x, ...frontier]);
    net.dispose();
  });

  it('counts the frozen layers of the tiny MobileNetV2 for 0 and 1 open blocks', () => {
    const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const net = tinyMobileNetV2(tf, { size: 16, seed: 2, calibration: x });
    const head = denseHead(tf, 32, 2, 1);
    // All layers but the input: everything frozen with no open block; one block open moves four to the tape.
    const layers = net.layers.length - 1;
    unfreezeTopBlocks(net, head, 0);
    expect(splitForward(tf, net).layers).toEqual({ frozen: layers, trainable: 0 });
    unfreezeTopBlocks(net, head, 1);
    const split = splitForward(tf, net);
    expect(split.layers).toEqual({ frozen: layers - 4, trainable: 4 });
    // Without the frontier values the trainable part reaches the graph input and says so.
    expect(() => split.trainable([], false)).toThrow(/^splitForward: no value for graph input /);
    tf.dispose(x);
    net.dispose();
    head.dispose();
  });
});
