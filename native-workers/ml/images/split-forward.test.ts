import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseHead, tinyMobileNetV2 } from './finetune-fixtures';
import { unfreezeTopBlocks } from './finetune';
import { splitForward } from './split-forward';
import { useWasmBackend } from '../../runtime/wasm-testing';

describe('splitForward (wasm backend)', () => {
  beforeAll(useWasmBackend);

  it.each([
    [0, 0],
    [1, 4], // Conv_1, Conv_1_bn, out_relu, pooling
    [2, 13], // + block_2's eight layers and its add (whose skip input comes from the frozen part)
    [3, 21], // + block_1's eight (no add: it has stride 2)
  ])('with %i open blocks gives the backbone output exactly, running %i layers under the tape', (blocks, trainable) => {
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const net = tinyMobileNetV2(tf, { size: 16, seed: 2, calibration: x });
    const head = denseHead(tf, 32, 2, 1);
    unfreezeTopBlocks(net, head, blocks);
    const before = tf.memory().numTensors;
    const split = splitForward(tf, net);
    expect(split.layers.trainable).toBe(trainable);
    const frontier = split.frozen(x);
    const [got, expected] = tf.tidy(() => [split.trainable(frontier, false).dataSync(), (net.predict(x) as tf.Tensor).dataSync()]);
    expect(Array.from(got!)).toEqual(Array.from(expected!));
    tf.dispose(frontier);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    net.dispose();
    head.dispose();
  });
});
